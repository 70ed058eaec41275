import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCaller } from "@/lib/auth/get-caller";
import { REGISTER_ACCEPTED_MESSAGE } from "@/lib/auth/register-user";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Auth.js redirects here with ?error=...&code=... when a sign-in outside the form fails. */
function messageFor(error: string | undefined, code: string | undefined, notice: string | undefined): string | undefined {
  if (notice === "check-email") return REGISTER_ACCEPTED_MESSAGE;
  if (notice === "password-reset") return "Your password was changed. Sign in with the new one.";
  if (!error) return undefined;
  if (code === "rate_limited") return "Too many attempts. Please wait a minute and try again.";
  if (error === "CredentialsSignin") return "Invalid email or password.";
  return "Sign-in failed. Please try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl));
  if (await getCaller()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to buy tickets and see the ones you have.">
      <SignInForm callbackUrl={callbackUrl} initialMessage={messageFor(first(params.error), first(params.code), first(params.notice))} initialOk={!first(params.error) && Boolean(first(params.notice))} />
    </AuthCard>
  );
}
