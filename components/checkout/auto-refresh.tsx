"use client";
// Re-renders the current server page every few seconds, a limited number of times: the success page
// uses it while Stripe has not yet told us the payment went through.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function AutoRefresh({ everyMs = 3000, times = 10 }: { everyMs?: number; times?: number }) {
  const router = useRouter();
  useEffect(() => {
    let left = times;
    const t = window.setInterval(() => {
      if (left-- <= 0) return window.clearInterval(t);
      router.refresh();
    }, everyMs);
    return () => window.clearInterval(t);
  }, [router, everyMs, times]);
  return null;
}
