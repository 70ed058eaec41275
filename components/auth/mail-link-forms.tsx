"use client";
// The forms of the mailed-link pages (server actions in mail-link-actions.ts). A link's token sits
// in a hidden field and is used only when the fan presses the button, never on page load: mail
// scanners that open links must not use up a reset link or unsubscribe anyone.
import Link from "next/link";
import { useActionState } from "react";
import { PASSWORD_MIN_LENGTH } from "@/lib/validations/auth";
import { FormField, FormMessage, primaryButtonClass } from "./form-field";
import { emptyFormState } from "./form-state";
import { forgotPasswordAction, resetPasswordAction, unsubscribeAction, verifyEmailAction } from "./mail-link-actions";

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState(forgotPasswordAction, emptyFormState);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <FormField name="email" label="Email" type="email" autoComplete="email" required defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <button type="submit" className={primaryButtonClass} disabled={pending}>
        {pending ? "Sending…" : "Send me a reset link"}
      </button>
      <p className="text-center text-sm">
        <Link href="/signin" className="font-semibold text-brand-600 hover:underline dark:text-brand-300">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, emptyFormState);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state.fieldErrors?.token ? { message: state.fieldErrors.token } : state} />
      <FormField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={state.fieldErrors?.password}
      />
      <button type="submit" className={primaryButtonClass} disabled={pending}>
        {pending ? "Saving…" : "Set my new password"}
      </button>
    </form>
  );
}

function OneButtonForm({ token, label, pendingLabel, action }: { token: string; label: string; pendingLabel: string; action: typeof verifyEmailAction }) {
  const [state, formAction, pending] = useActionState(action, emptyFormState);
  return (
    <form action={formAction} className="space-y-5">
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} />
      {state.ok ? (
        <p className="text-center text-sm">
          <Link href="/account" className="font-semibold text-brand-600 hover:underline dark:text-brand-300">
            Go to my account
          </Link>
        </p>
      ) : (
        <button type="submit" className={primaryButtonClass} disabled={pending}>
          {pending ? pendingLabel : label}
        </button>
      )}
    </form>
  );
}

export const VerifyEmailForm = ({ token }: { token: string }) => <OneButtonForm token={token} label="Confirm my address" pendingLabel="Confirming…" action={verifyEmailAction} />;
export const UnsubscribeForm = ({ token }: { token: string }) => <OneButtonForm token={token} label="Unsubscribe" pendingLabel="Unsubscribing…" action={unsubscribeAction} />;
