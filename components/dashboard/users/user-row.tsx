"use client";
// One user in the admin's user list: their role (changed through POST /api/admin/users/:id/role,
// which ends their sessions) and their venues (granted and revoked through
// POST/DELETE /api/admin/users/:id/venues). The server decides; this only shows its answer.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { UserWithVenues } from "@/lib/admin/users";

const ROLES = ["buyer", "venue_admin", "door_staff", "admin"] as const;

export function UserRow({ user, venues, self }: { user: UserWithVenues; venues: Array<{ venue_id: string; name: string }>; self: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [venueId, setVenueId] = useState(venues[0]?.venue_id ?? "");
  const [as, setAs] = useState<"venue_admin" | "door_staff">(user.role === "door_staff" ? "door_staff" : "venue_admin");

  async function call(url: string, method: "POST" | "DELETE", body: unknown) {
    setBusy(true);
    setError(null);
    const res = await requestJson(url, { method, body });
    setBusy(false);
    if (!res.ok) setError(res.error.message);
    else router.refresh();
  }

  return (
    <li className="rounded-xl border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid={`user-${user.user_id}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p>
          <span className="font-semibold">{user.username}</span> <span className="text-zinc-500">{user.email}</span>
        </p>
        <label className="flex items-center gap-2">
          Role
          <select
            disabled={busy || self}
            value={user.role}
            onChange={(e) => void call(`/api/admin/users/${user.user_id}/role`, "POST", { role: e.target.value })}
            className="rounded-lg border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      {user.venues.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-2">
          {user.venues.map((v) => (
            <li key={`${v.as}-${v.venue_id}`} className="flex items-center gap-1 rounded-full bg-zinc-100 px-3 py-1 dark:bg-zinc-800">
              {v.name} · {v.as === "venue_admin" ? "admin" : "door"}
              <button
                type="button"
                disabled={busy || self}
                aria-label={`Revoke ${v.as} of ${v.name}`}
                className="ml-1 text-red-600 hover:underline"
                onClick={() => void call(`/api/admin/users/${user.user_id}/venues`, "DELETE", { venue_id: v.venue_id, as: v.as })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {!self && user.role !== "admin" && venues.length > 0 ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <select value={venueId} onChange={(e) => setVenueId(e.target.value)} className="rounded-lg border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" aria-label="Venue">
            {venues.map((v) => (
              <option key={v.venue_id} value={v.venue_id}>
                {v.name}
              </option>
            ))}
          </select>
          <select value={as} onChange={(e) => setAs(e.target.value as "venue_admin" | "door_staff")} className="rounded-lg border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" aria-label="As">
            <option value="venue_admin">venue admin</option>
            <option value="door_staff">door staff</option>
          </select>
          <button type="button" disabled={busy || !venueId} className="rounded-lg bg-brand-600 px-3 py-1 font-semibold text-white disabled:opacity-50" onClick={() => void call(`/api/admin/users/${user.user_id}/venues`, "POST", { venue_id: venueId, as })}>
            Grant
          </button>
        </div>
      ) : null}
      {error ? <p className="mt-1 text-red-600">{error}</p> : null}
    </li>
  );
}
