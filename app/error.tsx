"use client";

import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center" role="alert">
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">We couldn&apos;t load this page. This is usually temporary, so please try again.</p>
      {digest && <p className="mt-2 font-mono text-xs text-zinc-500">Reference: {digest}</p>}
      <div className="mt-8 flex gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="inline-flex h-10 items-center rounded-lg bg-brand-600 px-5 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
        >
          Try again
        </button>
        <Link href="/" className="inline-flex h-10 items-center rounded-lg px-5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800">
          Go to home page
        </Link>
      </div>
    </div>
  );
}
