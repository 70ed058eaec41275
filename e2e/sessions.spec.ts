// Session revocation in a real browser: the profile page's "Sign out everywhere" ends this browser's
// session, another browser's and an API access token of the same account; a password change ends
// the others but keeps this browser signed in; signing in again works.
import { expect, test, type Page } from "@playwright/test";
import { newAccount, PASSWORD, submitSignIn, submitSignUp } from "./support/fixtures";

/** Signs up through the form and lands on the account page. */
async function signUp(page: Page, account: { email: string; username: string }) {
  await page.goto("/signup?callbackUrl=%2Faccount");
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/:\d+\/account$/);
  await expect(page.getByTestId("account-username")).toBeVisible();
}

async function signIn(page: Page, email: string) {
  await page.goto("/signin?callbackUrl=%2Faccount");
  await submitSignIn(page, email);
  await expect(page).toHaveURL(/:\d+\/account$/);
  await expect(page.getByTestId("account-username")).toBeVisible();
}

test("sign out everywhere ends this browser's session, another browser's and the API tokens", async ({ page, context, browser }) => {
  const account = newAccount();
  await signUp(page, account);

  // A second browser (another device) and an API client, both signed in to the same account.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account.email);
  expect((await otherPage.request.get("/api/me")).status()).toBe(200);
  const tokenResponse = await page.request.post("/api/auth/token", { data: { email: account.email, password: PASSWORD } });
  expect(tokenResponse.status()).toBe(200);
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const withToken = { headers: { authorization: `Bearer ${access_token}` } };
  expect((await page.request.get("/api/me", withToken)).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out everywhere" }).click();

  // This browser: signed out, its cookie gone, sent to sign in.
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  expect((await context.cookies()).some((c) => c.name === "authjs.session-token")).toBe(false);

  // The other browser still sends its cookie, and it is refused: pages ask to sign in, the API says 401.
  expect((await other.cookies()).some((c) => c.name === "authjs.session-token")).toBe(true);
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  expect((await otherPage.request.get("/api/me")).status()).toBe(401);
  // So is the access token.
  expect((await page.request.get("/api/me", withToken)).status()).toBe(401);

  // Signing in again works, in either browser.
  await signIn(otherPage, account.email);
  await expect(otherPage.getByTestId("account-username")).toHaveText(account.username);
  expect((await otherPage.request.get("/api/me")).status()).toBe(200);
  await other.close();
});

test("a password change signs out every other browser, not this one", async ({ page, browser }) => {
  const account = newAccount();
  await signUp(page, account);
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account.email);

  // A wrong current password changes nothing.
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password").fill("a fresh e2e passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("error-currentPassword")).toHaveText("The current password is not correct");
  expect((await otherPage.request.get("/api/me")).status()).toBe(200);

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill("a fresh e2e passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account\?password=changed$/);
  await expect(page.getByRole("status")).toContainText("Password changed");

  // This browser was signed in again with the new password; the other one is out.
  await page.reload();
  await expect(page.getByTestId("account-username")).toHaveText(account.username);
  expect((await page.request.get("/api/me")).status()).toBe(200);
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/signin\?callbackUrl=%2Faccount$/);
  expect((await otherPage.request.get("/api/me")).status()).toBe(401);
  // (The new password signing in was shown above: this browser was signed in again with it. One more
  // sign-in here would pass the per-email limit of 5 attempts a minute, which this test has used.)
  await other.close();
});
