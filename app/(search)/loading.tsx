// Shown while the search results render (client navigations between searches).
export default function Loading() {
  return (
    <div className="mx-auto max-w-7xl px-4 pb-8 sm:px-6 lg:px-8" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading events…</span>
      <div className="pb-6 pt-10 sm:pt-14">
        <div className="h-9 w-80 max-w-full animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        <div className="mt-3 h-5 w-96 max-w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
      </div>
      <div className="h-36 animate-pulse rounded-xl bg-zinc-100 lg:h-[140px] dark:bg-zinc-900" />
      <div className="mt-8 h-6 w-32 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      <ul className="mt-4 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="overflow-hidden rounded-xl border border-zinc-200 dark:border-zinc-800">
            <div className="aspect-[16/9] animate-pulse bg-zinc-200 dark:bg-zinc-800" />
            <div className="space-y-2 p-4">
              <div className="h-5 w-3/4 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
              <div className="h-4 w-1/2 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
              <div className="h-4 w-2/3 animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
