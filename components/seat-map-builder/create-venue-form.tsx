"use client";
// Admins add a venue: POST /api/admin/venues, then straight to its (empty) chart builder.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

const INPUT = "rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900";

export function CreateVenueForm() {
  const router = useRouter();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = Object.fromEntries(["name", "location", "address", "timezone"].map((k) => [k, String(form.get(k) ?? "").trim()]).filter(([, v]) => v !== ""));
    setBusy(true);
    setError("");
    try {
      const res = await fetch("/api/admin/venues", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json()) as { venue?: { venue_id: string }; error?: { message: string } };
      if (!res.ok || !json.venue) {
        setError(json.error?.message ?? `Could not create the venue (${res.status})`);
        return;
      }
      router.push(`/dashboard/venues/${json.venue.venue_id}/chart`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={onSubmit} className="mt-6 grid max-w-xl gap-2 rounded-xl border border-zinc-200 p-4 sm:grid-cols-2 dark:border-zinc-800" aria-label="New venue">
      <h2 className="font-semibold sm:col-span-2">New venue</h2>
      <label className="flex flex-col text-sm">Name<input name="name" required maxLength={120} className={INPUT} /></label>
      <label className="flex flex-col text-sm">City and region<input name="location" required maxLength={120} placeholder="Chicago, IL" className={INPUT} /></label>
      <label className="flex flex-col text-sm">Address<input name="address" required maxLength={200} className={INPUT} /></label>
      <label className="flex flex-col text-sm">Time zone<input name="timezone" placeholder="America/Chicago" maxLength={64} className={INPUT} /></label>
      {error && <p role="alert" className="text-sm text-red-700 sm:col-span-2">{error}</p>}
      <button type="submit" disabled={busy} className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50 sm:col-span-2 sm:justify-self-start">
        Create venue
      </button>
    </form>
  );
}
