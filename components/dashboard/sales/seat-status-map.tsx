"use client";
// The event's seats as dots coloured by status, refreshed every two seconds from
// GET /api/admin/events/:id/sales/seats (one cached computation a second per event). Drawn on a
// canvas: 16,000 seats are 16,000 SVG nodes, too many to re-render every two seconds on a phone.
import { useEffect, useRef } from "react";
import type { SeatStatusMap } from "@/lib/admin/sales";
import { usePolling } from "./use-polling";

export function SeatStatusMapView({ eventId, colors }: { eventId: string; colors: { sold: string; held: string; free: string; other: string } }) {
  const { data, error } = usePolling<SeatStatusMap>(`/api/admin/events/${eventId}/sales/seats`, null, 2000);
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el || !data) return;
    const ctx = el.getContext("2d");
    if (!ctx) return;
    const width = el.clientWidth || 480;
    const height = Math.round((width * data.height) / Math.max(1, data.width));
    const dpr = window.devicePixelRatio || 1;
    el.width = width * dpr;
    el.height = height * dpr;
    el.style.height = `${height}px`;
    ctx.setTransform((width * dpr) / data.width, 0, 0, (height * dpr) / data.height, 0, 0);
    ctx.clearRect(0, 0, data.width, data.height);
    const palette = [colors.free, colors.held, colors.sold, colors.other];
    const r = Math.max(1.5, Math.min(6, Math.sqrt((data.width * data.height) / Math.max(1, data.seats.length)) / 3));
    for (let k = 0; k < 4; k++) {
      ctx.fillStyle = palette[k]!;
      ctx.beginPath();
      for (const [x, y, s] of data.seats) {
        if (s !== k) continue;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
      ctx.fill();
    }
  }, [data, colors]);
  return (
    <div>
      <canvas ref={canvas} className="w-full" role="img" aria-label="Seat map: green sold, amber held, grey free" data-testid="sales-seat-map" />
      <p className="mt-2 flex gap-3 text-xs text-zinc-500">
        <span style={{ color: colors.sold }}>● sold</span>
        <span style={{ color: colors.held }}>● held</span>
        <span style={{ color: colors.free }}>● free</span>
        {error ? <span className="text-red-600">{error}</span> : null}
      </p>
    </div>
  );
}
