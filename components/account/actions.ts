"use server";
// Server action of the profile form: the caller edits their own username, phone and address.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { updateSession } from "@/lib/auth/auth";
import { getCaller } from "@/lib/auth/get-caller";
import { signInHref } from "@/lib/auth/require-page-user";
import { isAppError } from "@/lib/errors/app-error";
import { updateProfile } from "@/lib/users/update-profile";
import { fieldErrors, profileSchema } from "@/lib/validations/auth";
import { formText, type FormState } from "@/components/auth/form-state";

export async function updateProfileAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const caller = await getCaller();
  if (!caller) redirect(signInHref("/account"));
  const values = { username: formText(formData, "username"), phone: formText(formData, "phone"), address: formText(formData, "address") };
  const parsed = profileSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };
  try {
    await updateProfile({ userId: caller.userId, ...parsed.data });
  } catch (error) {
    if (isAppError(error) && error.code === "conflict") return { fieldErrors: { username: error.message }, values };
    if (isAppError(error) && error.code === "not_found") redirect(signInHref("/account"));
    throw error;
  }
  // The session cookie carries the username: reissue it so the header shows the new one.
  await updateSession({});
  revalidatePath("/", "layout");
  return {
    ok: true,
    message: "Profile saved.",
    values: { username: parsed.data.username, phone: parsed.data.phone ?? "", address: parsed.data.address ?? "" },
  };
}
