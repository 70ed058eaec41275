// A sign-out button: a form posting to the signOutAction server action (works without JavaScript).
import { signOutAction } from "./actions";

export function SignOutButton({ className }: { className?: string }) {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className={
          className ??
          "inline-flex h-9 items-center rounded-lg border border-zinc-300 px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
        }
      >
        Sign out
      </button>
    </form>
  );
}
