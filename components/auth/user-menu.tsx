// The account corner of the site header (server component): "Sign in" / "Sign up" for visitors; the
// username with Profile, My tickets, the organizer dashboard (for organizers) and Sign out for a
// signed-in user. The menu is a <details>
// disclosure, so it needs no client JavaScript.
//
// It reads the session cookie, so a layout that renders it is rendered per request.
import Link from "next/link";
import { getCaller } from "@/lib/auth/get-caller";
import { SignOutButton } from "./sign-out-button";

const linkClass =
  "rounded-lg px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800";

export async function UserMenu() {
  const caller = await getCaller();
  if (!caller) {
    return (
      <nav aria-label="Account" className="flex items-center gap-1" data-testid="user-menu">
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
        <Link
          href="/signup"
          className="inline-flex h-9 items-center rounded-lg bg-brand-600 px-3 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        >
          Sign up
        </Link>
      </nav>
    );
  }
  return (
    <details className="group relative" data-testid="user-menu">
      <summary
        className="flex h-9 cursor-pointer list-none items-center gap-2 rounded-lg px-2 text-sm font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 sm:px-3 dark:text-zinc-200 dark:hover:bg-zinc-800 [&::-webkit-details-marker]:hidden"
      >
        {/* The name comes from the text (no aria-label that would differ from what is shown); on a
            phone only the initial is shown and the username is for screen readers. */}
        <span className="sr-only">Account menu for </span>
        <span
          aria-hidden
          className="grid size-7 place-items-center rounded-full bg-brand-100 text-xs font-bold uppercase text-brand-700 dark:bg-brand-500/20 dark:text-brand-200"
        >
          {caller.username.slice(0, 1)}
        </span>
        <span data-testid="user-menu-username" className="sr-only sm:not-sr-only">
          {caller.username}
        </span>
        <svg aria-hidden viewBox="0 0 20 20" className="size-4 transition group-open:rotate-180" fill="currentColor">
          <path d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" />
        </svg>
      </summary>
      <div className="absolute right-0 z-40 mt-2 w-52 rounded-xl border border-zinc-200 bg-white p-1.5 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
        <p className="truncate px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">{caller.email}</p>
        <Link href="/account" className={`block ${linkClass}`}>
          Profile
        </Link>
        <Link href="/account/tickets" className={`block ${linkClass}`}>
          My tickets
        </Link>
        {caller.role === "admin" || caller.role === "venue_admin" ? (
          <Link href="/dashboard" className={`block ${linkClass}`}>
            Dashboard
          </Link>
        ) : null}
        {caller.role === "door_staff" ? (
          <Link href="/dashboard/check-in" className={`block ${linkClass}`}>
            Check tickets in
          </Link>
        ) : null}
        <div className="mt-1 border-t border-zinc-200 px-1.5 pt-1.5 dark:border-zinc-800">
          <SignOutButton className={`w-full text-left ${linkClass}`} />
        </div>
      </div>
    </details>
  );
}
