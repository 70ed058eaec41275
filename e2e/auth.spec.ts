// Accounts in a real browser: sign up, sign out, sign in again (server actions + Auth.js cookie),
// the sign-in redirect of a protected page, form errors, profile editing and the empty "My tickets".
import { expect, test } from "@playwright/test";
import { CHECK_EMAIL_NOTICE, newAccount, PASSWORD, submitSignUp as signUp } from "./support/fixtures";

test("sign up, sign out, and sign in again", async ({ page, context }) => {
  const account = newAccount();
  await page.goto("/signup?callbackUrl=/account");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create your account");
  await signUp(page, account);

  // Signed in and sent on to the callback page.
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-username")).toHaveText(account.username);
  await expect(page.getByTestId("account-email")).toHaveText(account.email);
  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(session?.httpOnly).toBe(true);

  // A new account has no tickets yet.
  await page.getByRole("link", { name: "My tickets" }).click();
  await expect(page).toHaveURL(/\/account\/tickets$/);
  await expect(page.getByTestId("tickets-empty")).toBeVisible();

  // Sign out: the cookie goes and the account page asks to sign in, remembering where we were.
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  expect((await context.cookies()).some((c) => c.name === "authjs.session-token")).toBe(false);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);

  // A wrong password is refused with a message that does not say which part was wrong.
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(account.email);

  // The right one signs in and returns to the account page.
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-username")).toHaveText(account.username);

  // The same session works for the API (cookie), without a token.
  const me = await page.request.get("/api/me");
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { user: { email: string } }).user.email).toBe(account.email);
});

test("sign-up shows field errors and keeps what was typed", async ({ page }) => {
  const account = newAccount();
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("error-email")).toHaveText("Enter a valid email address");
  await expect(page.getByTestId("error-password")).toHaveText("Use at least 10 characters");
  await expect(page.getByLabel("Username")).toHaveValue(account.username);
  await expect(page).toHaveURL(/\/signup$/);

  // A taken email is not revealed: the same "check your inbox" as a new account (its owner gets a mail).
  await signUp(page, account);
  await expect(page).toHaveURL(/\/$/);
  await page.context().clearCookies();
  await page.goto("/signup");
  await signUp(page, { email: account.email, username: `${account.username}x` }, PASSWORD, { signIn: false });
  await expect(page).toHaveURL(/\/signin\?.*notice=check-email/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText(CHECK_EMAIL_NOTICE);
});

test("a signed-in user edits their profile", async ({ page }) => {
  const account = newAccount();
  await page.goto("/signup?callbackUrl=/account");
  await signUp(page, account);
  await expect(page).toHaveURL(/\/account$/);
  // The URL changes before the account page has rendered: wait for it, not for the sign-up form.
  await expect(page.getByTestId("account-username")).toHaveText(account.username);

  const renamed = `${account.username}_r`;
  await page.getByLabel("Username").fill(renamed);
  await page.getByLabel("Phone").fill("+1 312-555-0199");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Profile saved.");
  await expect(page.getByTestId("account-username")).toHaveText(renamed);

  await page.reload();
  await expect(page.getByLabel("Phone")).toHaveValue("+1 312-555-0199");
  // The session cookie was reissued with the new username.
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { username: string } };
  expect(session.user.username).toBe(renamed);

  await page.getByLabel("Phone").fill("call me");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("error-phone")).toBeVisible();
});
