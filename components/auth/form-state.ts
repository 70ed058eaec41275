// What an account form's server action hands back to useActionState: a message for the whole form,
// one message per field, and the values to put back (never the password).
export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
};

export const emptyFormState: FormState = {};

export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
