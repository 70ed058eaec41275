// The profile page's "Sign out everywhere": a form posting to signOutEverywhereAction (works
// without JavaScript).
import { signOutEverywhereAction } from "./actions";

export function SignOutEverywhere() {
  return (
    <section aria-labelledby="sessions-heading" className="mt-10">
      <h2 id="sessions-heading" className="text-lg font-semibold">Sessions</h2>
      <p className="mt-2 max-w-xl text-sm text-zinc-600 dark:text-zinc-400">
        Lost a device, or signed in somewhere you should not have? This ends every session and API access token of your
        account, on every device, this one included. You can sign in again right after.
      </p>
      <form action={signOutEverywhereAction} className="mt-4">
        <button
          type="submit"
          className="inline-flex h-10 items-center rounded-lg border border-red-300 px-4 text-sm font-semibold text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
        >
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}
