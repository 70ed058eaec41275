import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCaller } from "@/lib/auth/get-caller";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCaller()) redirect(callbackUrl);
  return (
    <AuthCard title="Create your account" subtitle="Pick seats, hold them while you pay, and keep your tickets in one place.">
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
