import Link from "next/link";

/** The sign-in link that comes back to this event page. */
export function signInHrefFor(eventId: string): string {
  return `/signin?${new URLSearchParams({ callbackUrl: `/events/${eventId}` })}`;
}

export function SignInPrompt({ eventId, expired = false }: { eventId: string; expired?: boolean }) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid="hold-sign-in">
      <p className="font-semibold">{expired ? "Your session has ended" : "Sign in to hold seats"}</p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Pick seats on the chart once you are signed in; we hold them for you while you check out.</p>
      <Link
        href={signInHrefFor(eventId)}
        className="mt-3 inline-flex h-9 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
      >
        Sign in to hold seats
      </Link>
    </div>
  );
}
