"use client";
// The tooltip of one seat: an HTML box over the chart, placed above the seat (below it near the
// top edge). It follows the seat while the view moves by subscribing to the view controller and
// moving itself, without React renders.
import { useLayoutEffect, useRef } from "react";
import { seatFeatures, type ChartSeat } from "@/components/seating-chart/chart-model";
import { sectionLabel } from "@/components/seating-chart/describe-seat";
import type { ViewController } from "@/components/seating-chart/view-controller";
import { formatMoney } from "@/components/format/format-money";

type SeatTooltipProps = {
  seat: ChartSeat;
  controller: ViewController;
  container: HTMLElement | null;
  selectable: boolean;
  selected: boolean;
  held?: boolean;
  /** Seat radius in chart units: the tooltip keeps clear of the seat at any zoom. */
  seatRadius: number;
  /** "Show accessible seating" is on: accessible seats can be picked. */
  showAccessible?: boolean;
};

export function SeatTooltip({ seat, controller, container, selectable, selected, held = false, seatRadius, showAccessible = false }: SeatTooltipProps) {
  const ref = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const place = () => {
      const el = ref.current;
      if (!el || !container) return;
      const p = controller.toClient(seat.x, seat.y);
      if (!p) return;
      const box = container.getBoundingClientRect();
      const x = p.x - box.left;
      const y = p.y - box.top;
      const w = el.offsetWidth;
      const h = el.offsetHeight;
      const gap = 8 + seatRadius / controller.unitsPerPixel();
      const left = Math.min(Math.max(8, x - w / 2), box.width - w - 8);
      const above = y - gap - h >= 4;
      const top = above ? y - gap - h : y + gap;
      const hidden = x < 0 || y < 0 || x > box.width || y > box.height;
      el.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
      el.style.visibility = hidden ? "hidden" : "visible";
    };
    place();
    return controller.subscribe(place);
  }, [seat, controller, container, seatRadius]);

  const features = seatFeatures(seat);
  const pickable = seat.available && (seat.access === null || showAccessible);
  const status = seat.ticketId === null ? "Not on sale" : held ? "Held by you" : selected ? "Selected" : seat.available ? "Available" : "Unavailable";
  return (
    <div
      ref={ref}
      role="tooltip"
      data-testid="seat-tooltip"
      className="pointer-events-none absolute left-0 top-0 z-10 w-max max-w-64 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      style={{ visibility: "hidden" }}
    >
      <p className="font-semibold">
        {sectionLabel(seat)} · Row {seat.row} · Seat {seat.number}
      </p>
      {seat.className && (
        <p className="mt-0.5 flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
          <span className="size-2.5 rounded-full" style={{ backgroundColor: seat.color ?? undefined }} aria-hidden="true" />
          {seat.className}
          {seat.price !== null && <span className="ml-auto pl-3 font-semibold text-zinc-900 dark:text-zinc-100">{formatMoney(seat.price, seat.currency)}</span>}
        </p>
      )}
      {features.length > 0 && (
        <p className="mt-0.5 text-xs font-medium text-zinc-700 dark:text-zinc-200" data-testid="seat-features">
          {features.join(" · ")}
        </p>
      )}
      <p
        className={`mt-1 text-xs font-medium ${
          held ? "text-emerald-700 dark:text-emerald-400" : selected ? "text-brand-600 dark:text-brand-300" : seat.available ? "text-emerald-700 dark:text-emerald-400" : "text-zinc-500 dark:text-zinc-400"
        }`}
      >
        {status}
        {selectable && pickable && !selected && <span className="font-normal text-zinc-500 dark:text-zinc-400"> · Click to select</span>}
        {selectable && seat.available && !pickable && !selected && <span className="font-normal text-zinc-500 dark:text-zinc-400"> · Turn on “Show accessible seating” to select</span>}
      </p>
    </div>
  );
}
