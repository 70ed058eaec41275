"use client";
// The sign-up form of /signup (server action signUpAction through useActionState). The password
// rules shown here are the ones registerSchema enforces.
import Link from "next/link";
import { useActionState } from "react";
import { PASSWORD_MIN_LENGTH } from "@/lib/validations/auth";
import { signUpAction } from "./actions";
import { FormField, FormMessage, primaryButtonClass } from "./form-field";
import { emptyFormState } from "./form-state";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signUpAction, emptyFormState);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage state={state} />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        error={state.fieldErrors?.email}
      />
      <FormField
        name="username"
        label="Username"
        autoComplete="username"
        required
        minLength={3}
        maxLength={30}
        defaultValue={state.values?.username}
        error={state.fieldErrors?.username}
        hint="3–30 letters, digits, '.', '_' or '-'. Shown on your account."
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        error={state.fieldErrors?.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short phrase is easy to remember.`}
      />
      <button type="submit" className={primaryButtonClass} disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href={`/signin?${new URLSearchParams({ callbackUrl })}`} className="font-semibold text-brand-600 hover:underline dark:text-brand-300">
          Sign in
        </Link>
      </p>
    </form>
  );
}
