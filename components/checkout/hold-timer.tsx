"use client";
// The hold countdown for a server-rendered page, which knows only how many seconds were left when
// it read the hold: counted from when the browser got the page, on the browser's own clock.
import { useState } from "react";
import { HoldCountdown } from "@/components/hold/hold-countdown";

export function HoldTimer({ seconds }: { seconds: number }) {
  const [expiresAt] = useState(() => Date.now() + Math.max(0, seconds) * 1000);
  return <HoldCountdown expiresAt={expiresAt} />;
}
