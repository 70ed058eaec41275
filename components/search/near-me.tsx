"use client";
// "Near me": asks the browser for the fan's position (only when they press the button) and shows
// events within 50 km, nearest first. When the position is refused or unavailable, it says so and
// moves to the city filter instead; no address ever leaves the browser except as lat/lng in the URL.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { searchHref, type SearchParamValues } from "@/components/search/search-href";

const RADIUS_KM = "50";

export function NearMe({ values }: { values: SearchParamValues }) {
  const router = useRouter();
  const [state, setState] = useState<"idle" | "locating" | "refused">("idle");
  const active = Boolean(values.lat && values.lng);

  function fallBackToCity() {
    setState("refused");
    document.getElementById("filter-location")?.focus();
  }

  function locate() {
    if (!("geolocation" in navigator)) return fallBackToCity();
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setState("idle");
        // Four decimals (about 10 m) is plenty for a 50 km radius and keeps the URL short.
        const lat = pos.coords.latitude.toFixed(4);
        const lng = pos.coords.longitude.toFixed(4);
        router.push(searchHref(values, { lat, lng, radius_km: values.radius_km ?? RADIUS_KM, sort_by: "distance", page: "" }));
      },
      fallBackToCity,
      { maximumAge: 10 * 60_000, timeout: 10_000 },
    );
  }

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="near-me">
      {active ? (
        <p>
          Within {values.radius_km ?? RADIUS_KM} km of you ·{" "}
          <Link href={searchHref(values, { lat: "", lng: "", radius_km: "", sort_by: values.sort_by === "distance" ? "" : values.sort_by, page: "" })} className="font-medium text-brand-700 underline dark:text-brand-300">
            anywhere
          </Link>
        </p>
      ) : (
        <button
          type="button"
          onClick={locate}
          disabled={state === "locating"}
          className="inline-flex h-9 items-center gap-2 rounded-full border border-zinc-300 px-4 font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:opacity-70 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <svg viewBox="0 0 20 20" className="size-4" aria-hidden="true">
            <path fill="currentColor" d="M10 2a6 6 0 0 0-6 6c0 4.4 6 10 6 10s6-5.6 6-10a6 6 0 0 0-6-6Zm0 8.5A2.5 2.5 0 1 1 10 5.5a2.5 2.5 0 0 1 0 5Z" />
          </svg>
          {state === "locating" ? "Finding you…" : "Near me"}
        </button>
      )}
      <p role="status" className="text-zinc-600 dark:text-zinc-400">
        {state === "refused" ? "Your location isn't available: choose a city instead." : ""}
      </p>
    </div>
  );
}
