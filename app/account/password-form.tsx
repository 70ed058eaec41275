"use client";
// The profile page's password change (server action changePasswordAction). The fields are never
// put back after a submit.
import { useActionState } from "react";
import { FormField, FormMessage } from "@/components/auth/form-field";
import { emptyFormState } from "@/components/auth/form-state";
import { changePasswordAction } from "./actions";

export function PasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, emptyFormState);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <FormField name="currentPassword" label="Current password" type="password" autoComplete="current-password" required maxLength={128} error={state.fieldErrors?.currentPassword} />
      <FormField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        error={state.fieldErrors?.newPassword}
        hint="At least 10 characters. Every other session of your account will be signed out."
      />
      <button
        type="submit"
        disabled={pending}
        className="inline-flex h-10 items-center justify-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
