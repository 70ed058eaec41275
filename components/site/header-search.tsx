// The header's search box: a GET form to the results page (next/form navigates client-side and
// falls back to a normal submit without JavaScript).
import Form from "next/form";

export function HeaderSearch() {
  return (
    <Form action="/" role="search" className="relative w-full max-w-md">
      <label htmlFor="site-search" className="sr-only">
        Search events
      </label>
      <svg viewBox="0 0 20 20" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden="true">
        <path fill="currentColor" fillRule="evenodd" d="M9 3.5a5.5 5.5 0 1 0 3.36 9.86l3.64 3.64a.75.75 0 1 0 1.06-1.06l-3.64-3.64A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z" clipRule="evenodd" />
      </svg>
      <input
        id="site-search"
        name="q"
        type="search"
        placeholder="Search artists, teams, events, venues"
        maxLength={100}
        autoComplete="off"
        className="h-10 w-full rounded-full border border-zinc-300 bg-zinc-50 pl-9 pr-4 text-sm text-zinc-900 outline-none transition placeholder:text-zinc-500 focus:border-brand-500 focus:bg-white focus:ring-2 focus:ring-brand-500/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 dark:focus:bg-zinc-900"
      />
    </Form>
  );
}
