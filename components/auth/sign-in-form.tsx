"use client";
// The email + password form of /signin (server action signInAction through useActionState).
import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "./actions";
import { FormField, FormMessage, primaryButtonClass } from "./form-field";
import { emptyFormState } from "./form-state";

export function SignInForm({ callbackUrl, initialMessage, initialOk }: { callbackUrl: string; initialMessage?: string; initialOk?: boolean }) {
  const [state, formAction, pending] = useActionState(signInAction, emptyFormState);
  const shown = state === emptyFormState && initialMessage ? { message: initialMessage, ok: initialOk } : state;
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessage state={shown} />
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
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fieldErrors?.password}
      />
      <button type="submit" className={primaryButtonClass} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-center text-sm">
        <Link href="/forgot-password" className="font-semibold text-brand-600 hover:underline dark:text-brand-300">
          Forgot your password?
        </Link>
      </p>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        New to OpenSeat?{" "}
        <Link href={`/signup?${new URLSearchParams({ callbackUrl })}`} className="font-semibold text-brand-600 hover:underline dark:text-brand-300">
          Create an account
        </Link>
      </p>
    </form>
  );
}
