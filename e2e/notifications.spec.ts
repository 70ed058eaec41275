// Mail in a real browser, through the demo's mail catcher (SMTP + inbox, mail-catcher/): a new fan's
// confirmation mail arrives and its link confirms the address; "forgot password" mails a link that
// sets a new password once; the account page shows the messages and their status.
import { expect, test } from "@playwright/test";
import { linkIn, newAccount, PASSWORD, submitSignIn, submitSignUp, waitForMail } from "./support/fixtures";

const pathOf = (link: string) => {
  const u = new URL(link);
  return `${u.pathname}${u.search}`;
};

test("sign up: the confirmation mail arrives in the catcher and its link confirms the address", async ({ page, request }) => {
  const account = newAccount();
  await page.goto("/signup?callbackUrl=/account");
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("email-unverified")).toBeVisible();

  const mail = await waitForMail(request, account.email, /Confirm your email address/);
  expect(mail.messageId).toMatch(/^<n\d+\.email@/);
  expect(mail.html).toContain("Confirm my address");
  // A required mail: no unsubscribe header.
  expect(mail.headers["list-unsubscribe"]).toBeUndefined();

  await page.goto(pathOf(linkIn(mail, "/verify-email?token=")));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your email address is confirmed. Thank you!");
  // The link works once.
  await page.goto(pathOf(linkIn(mail, "/verify-email?token=")));
  await page.getByRole("button", { name: "Confirm my address" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("This link is invalid, expired or already used");

  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toBeVisible();
  const history = page.getByTestId("notification-history");
  await expect(history).toContainText("Email address verification");
  await expect(history.locator("[data-status=sent]").first()).toBeVisible();
});

test("forgot password: the mailed link sets a new password once; the old one stops working", async ({ page, request, browser, baseURL }) => {
  const account = newAccount();
  await page.goto("/signup?callbackUrl=/account");
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/account$/);

  const anonymous = await browser.newContext({ baseURL });
  const fan = await anonymous.newPage();
  await fan.goto("/signin");
  await fan.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(fan).toHaveURL(/\/forgot-password$/);
  await fan.getByLabel("Email").fill(account.email);
  await fan.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(fan.getByRole("main").getByRole("status")).toContainText("If an account uses this address");

  const mail = await waitForMail(request, account.email, /Reset your OpenSeat password/);
  const link = pathOf(linkIn(mail, "/reset-password?token="));
  const newPassword = "a fresh e2e passphrase 42";
  await fan.goto(link);
  await fan.getByLabel("New password").fill(newPassword);
  await fan.getByRole("button", { name: "Set my new password" }).click();
  await expect(fan).toHaveURL(/\/signin\?notice=password-reset$/);
  await expect(fan.getByRole("main").getByRole("status")).toHaveText("Your password was changed. Sign in with the new one.");

  // The old password no longer works, the new one does.
  await submitSignIn(fan, account.email, PASSWORD);
  await expect(fan.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await fan.goto("/signin?callbackUrl=%2Faccount");
  await submitSignIn(fan, account.email, newPassword);
  await expect(fan).toHaveURL(/\/account$/);

  // The first browser's session ended with the reset.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);

  // The link was single use.
  await fan.goto(link);
  await fan.getByLabel("New password").fill("yet another e2e passphrase");
  await fan.getByRole("button", { name: "Set my new password" }).click();
  await expect(fan.getByRole("main").getByRole("alert")).toHaveText("This link is invalid, expired or already used");
  await anonymous.close();
});
