import Link from "next/link";

export default function EventNotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-300">Event not found</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">This event isn&apos;t available</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">It may have been removed, or the link may be wrong. Browse what&apos;s coming up instead.</p>
      <Link href="/" className="mt-8 inline-flex h-10 items-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
        Browse events
      </Link>
    </div>
  );
}
