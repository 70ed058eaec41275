"use client";
// The editable part of /account: username, phone, address (server action updateProfileAction).
import { useActionState } from "react";
import { FormField, FormMessage } from "@/components/auth/form-field";
import { emptyFormState, type FormState } from "@/components/auth/form-state";
import { updateProfileAction } from "./actions";

type ProfileFormProps = { username: string; phone: string | null; address: string | null };

export function ProfileForm({ username, phone, address }: ProfileFormProps) {
  const initial: FormState = { ...emptyFormState, values: { username, phone: phone ?? "", address: address ?? "" } };
  const [state, formAction, pending] = useActionState(updateProfileAction, initial);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <FormField
        name="username"
        label="Username"
        autoComplete="username"
        required
        maxLength={30}
        defaultValue={state.values?.username}
        error={state.fieldErrors?.username}
      />
      <FormField
        name="phone"
        label="Phone"
        type="tel"
        autoComplete="tel"
        maxLength={30}
        defaultValue={state.values?.phone}
        error={state.fieldErrors?.phone}
        hint="Optional. For urgent changes to your events."
      />
      <FormField
        name="address"
        label="Address"
        autoComplete="street-address"
        maxLength={200}
        defaultValue={state.values?.address}
        error={state.fieldErrors?.address}
        hint="Optional."
      />
      <button
        type="submit"
        disabled={pending}
        className="inline-flex h-10 items-center justify-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Saving…" : "Save profile"}
      </button>
    </form>
  );
}
