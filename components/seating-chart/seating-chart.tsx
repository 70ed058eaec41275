"use client";
// The interactive seating chart of an event: fetches the venue geometry, the event's seat layout and
// availability, and draws every seat coloured by price class (grey when it cannot be bought), with
// zoom/pan, a legend and a seat tooltip. Built to stay smooth at 20,000+ seats: the seats are one
// layer that React never reconciles (see seat-layer.tsx), pointer and keyboard handling is delegated
// to the svg through data attributes, zoom/pan rewrite only the viewBox attributes (see
// view-controller.ts), and hover, keyboard focus, selection and labels live in a second, small svg
// stacked on top, so none of them repaints the seats.
//
// Seat selection slots in through `selectable`, `selectedTicketIds` and `onToggleSeat`; the chart
// itself never decides what is selected. `heldTicketIds` (the fan's own hold) and `flashTicketIds`
// (seats just lost to someone else) are drawn in the same overlay.
//
// Wheelchair spaces and companion seats carry a square mark (solid for a wheelchair space, dashed for
// a companion seat, with a W or C), and a plain click never takes one: the fan turns on "Show
// accessible seating" first (with a notice of who the seats are for), which makes them selectable
// and highlights them.
//
// Availability stays live through Server-Sent Events (`streamUrl`), with polling as the fallback.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import {
  boxOfSeats,
  buildChartAvailability,
  buildChartLayout,
  chartSeat,
  nearestSeat,
  seatInDirection,
  seatRefusal,
  summarizeSections,
  type ChartAvailability,
  type ChartLayout,
  type ChartSeat,
  type ChartSectionSummary,
} from "@/components/seating-chart/chart-model";
import { SectionLabels, SectionOutlines } from "@/components/seating-chart/chart-backdrop";
import { ChartLegend } from "@/components/seating-chart/chart-legend";
import { describeSeat } from "@/components/seating-chart/describe-seat";
import { addMoney } from "@/components/format/add-money";
import { SeatLayer } from "@/components/seating-chart/seat-layer";
import { SectionOverview } from "@/components/seating-chart/section-overview";
import { SeatTooltip } from "@/components/seating-chart/seat-tooltip";
import { useChartData, type ChartPayloads, type LiveMode } from "@/components/seating-chart/use-chart-data";
import { createViewController } from "@/components/seating-chart/view-controller";

export type SeatingChartProps = {
  eventId: string;
  /** EventDetail.seat_map_url: venue geometry, cacheable per chart version. */
  seatMapUrl: string;
  /** Defaults to /api/events/:eventId/seats. */
  seatsUrl?: string;
  /** Defaults to /api/events/:eventId/availability. */
  availabilityUrl?: string;
  /** Defaults to /api/events/:eventId/stream; null turns the live stream off. */
  streamUrl?: string | null;
  /** How often availability is refetched while the live stream is not connected; 0 turns polling off. */
  refreshIntervalMs?: number;
  /** Names the chart for screen readers ("Seating chart for …"). */
  title?: string;
  /** When true, clicking (or Enter on) an available seat calls onToggleSeat. */
  selectable?: boolean;
  selectedTicketIds?: readonly number[];
  onToggleSeat?: (seat: ChartSeat) => void;
  /** Seats held by this fan: drawn as theirs, not selectable. */
  heldTicketIds?: readonly number[];
  /** Seats to highlight briefly (just taken by someone else). */
  flashTicketIds?: readonly number[];
  /**
   * Seats the chart zooms to and rings when this list changes (best-available's pick, a waitlist
   * offer), so the fan sees where they are without zooming by hand.
   */
  focusTicketIds?: readonly number[];
  /**
   * The service fee per ticket: every price the chart shows (legend, sections, tooltip, the seat
   * handed to onToggleSeat) is the all-in price, the ticket's price plus this fee.
   */
  feePerTicket?: string;
  className?: string;
};

/** On-screen seat size (px) under which a real tap zooms to the section instead of picking a seat. */
const TOUCH_AIM_PX = 20;
const MOUSE_AIM_PX = 10;
/** On-screen seat size (px) a section zoom gives at least: a comfortable fingertip target. */
const FOCUS_SEAT_PX = 28;

export function SeatingChart({
  eventId,
  seatMapUrl,
  seatsUrl = `/api/events/${encodeURIComponent(eventId)}/seats`,
  availabilityUrl = `/api/events/${encodeURIComponent(eventId)}/availability`,
  streamUrl = `/api/events/${encodeURIComponent(eventId)}/stream`,
  refreshIntervalMs = 30_000,
  title,
  selectable = false,
  selectedTicketIds,
  onToggleSeat,
  heldTicketIds,
  flashTicketIds,
  focusTicketIds,
  feePerTicket = "0.00",
  className = "",
}: SeatingChartProps) {
  const { state, retry, live } = useChartData({ seatMapUrl, seatsUrl, availabilityUrl, streamUrl, refreshIntervalMs });

  if (state.status === "loading") {
    return (
      <div className={className} data-testid="seating-chart-loading" aria-busy="true">
        <div className="h-5 w-56 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="mt-3 flex flex-wrap gap-2">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-8 w-40 animate-pulse rounded-full bg-zinc-100 dark:bg-zinc-800/70" />
          ))}
        </div>
        <div className="mt-4 flex aspect-[4/3] max-h-[70vh] w-full items-center justify-center rounded-xl border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
          <p className="flex items-center gap-3 text-sm text-zinc-500 dark:text-zinc-400" role="status">
            <span className="size-4 animate-spin rounded-full border-2 border-zinc-300 border-t-brand-600 dark:border-zinc-700 dark:border-t-brand-400" aria-hidden="true" />
            Loading seating chart…
          </p>
        </div>
      </div>
    );
  }

  if (state.status === "error") return <ChartError className={className} message={state.message} onRetry={retry} />;

  return (
    <ChartView
      key={`${state.data.map.venue_id}:${state.data.map.version}`}
      data={state.data}
      title={title}
      selectable={selectable}
      selectedTicketIds={selectedTicketIds}
      onToggleSeat={onToggleSeat}
      heldTicketIds={heldTicketIds}
      flashTicketIds={flashTicketIds}
      focusTicketIds={focusTicketIds}
      feePerTicket={feePerTicket}
      live={live}
      className={className}
      onRetry={retry}
    />
  );
}

function ChartError({ message, onRetry, className }: { message: string; onRetry: () => void; className: string }) {
  return (
    <div className={`flex flex-col items-center rounded-xl border border-zinc-200 bg-zinc-50 px-6 py-14 text-center dark:border-zinc-800 dark:bg-zinc-900 ${className}`} role="alert" data-testid="seating-chart-error">
      <p className="font-semibold">We couldn&apos;t load the seating chart</p>
      <p className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-5 inline-flex h-9 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
      >
        Try again
      </button>
    </div>
  );
}

type ChartViewProps = {
  data: ChartPayloads;
  title?: string;
  selectable: boolean;
  selectedTicketIds?: readonly number[];
  onToggleSeat?: (seat: ChartSeat) => void;
  heldTicketIds?: readonly number[];
  flashTicketIds?: readonly number[];
  focusTicketIds?: readonly number[];
  feePerTicket: string;
  live: LiveMode;
  className: string;
  onRetry: () => void;
};

function ChartView({ data, onRetry, feePerTicket, ...rest }: ChartViewProps) {
  const built = useMemo((): { layout: ChartLayout } | { error: string } => {
    try {
      const prices = Array.isArray(data.seats.prices) ? data.seats.prices.map((p) => addMoney(p, feePerTicket)) : data.seats.prices;
      return { layout: buildChartLayout(data.map, { ...data.seats, prices }) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : "The seating chart data is malformed" };
    }
  }, [data.map, data.seats, feePerTicket]);
  if ("error" in built) return <ChartError className={rest.className} message={built.error} onRetry={onRetry} />;
  return <ChartCanvas layout={built.layout} availabilityPayload={data.availability} receivedAt={data.receivedAt} {...rest} />;
}

type ChartCanvasProps = Omit<ChartViewProps, "data" | "onRetry" | "feePerTicket"> & { layout: ChartLayout; availabilityPayload: ChartPayloads["availability"]; receivedAt: number };

function seatsOf(layout: ChartLayout, ticketIds: readonly number[] | undefined): number[] {
  const out: number[] = [];
  for (const id of ticketIds ?? []) {
    const s = layout.seatOfTicket.get(id);
    if (s !== undefined) out.push(s);
  }
  return out;
}

function ChartCanvas({ layout, availabilityPayload, receivedAt, title, selectable, selectedTicketIds, onToggleSeat, heldTicketIds, flashTicketIds, focusTicketIds, live, className }: ChartCanvasProps) {
  const availability: ChartAvailability = useMemo(() => buildChartAvailability(layout, availabilityPayload), [layout, availabilityPayload]);
  const [controller] = useState(createViewController);
  const svgRef = useRef<SVGSVGElement>(null);
  const overlayRef = useRef<SVGSVGElement>(null);
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const cameraRef = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [showAccessible, setShowAccessible] = useState(false);
  /** Set when a click was refused because the seat is an accessible one and the toggle is off. */
  const [accessHint, setAccessHint] = useState(false);
  const accessToggleId = useId();
  const touchInput = useRef(false);
  const activeDescriptionId = useId();

  const { bounds, seatRadius } = layout;
  // At the deepest zoom a seat is roughly 48px across on a 320px-wide (phone) chart: a section zoom
  // must be able to make seats fingertip-sized on the narrowest screen.
  const maxZoom = Math.max(4, (48 * (bounds.w / 320)) / (2 * seatRadius));

  useEffect(() => {
    const svg = svgRef.current;
    const overlay = overlayRef.current;
    const camera = cameraRef.current;
    if (!svg || !overlay || !camera || !container) return;
    return controller.attach({ host: container, camera, svg, overlays: [overlay] }, bounds, maxZoom);
  }, [controller, container, bounds, maxZoom]);

  // Data arrival to the end of the first frame that shows every seat (the layer calls onReady after
  // its last chunk; rAF, then a task after that frame): in DevTools' "Timings" lane and in
  // performance.getEntriesByName("seating-chart:render"). data-ready on the svg tells tests.
  const onSeatsReady = useCallback(() => {
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.measure("seating-chart:render", { start: receivedAt, detail: { seats: layout.seatCount } });
        svgRef.current?.setAttribute("data-ready", "true");
      }, 0),
    );
  }, [receivedAt, layout]);

  const selectedSeats = useMemo(() => seatsOf(layout, selectedTicketIds), [layout, selectedTicketIds]);
  const selectedSet = useMemo(() => new Set(selectedSeats), [selectedSeats]);
  const heldSeats = useMemo(() => seatsOf(layout, heldTicketIds), [layout, heldTicketIds]);
  const heldSet = useMemo(() => new Set(heldSeats), [heldSeats]);
  const flashSeats = useMemo(() => seatsOf(layout, flashTicketIds), [layout, flashTicketIds]);
  // Keyed by content: a new array with the same seats must not zoom the chart again.
  const focusKey = (focusTicketIds ?? []).join(",");
  const focusSeats = useMemo(() => seatsOf(layout, focusKey ? focusKey.split(",").map(Number) : []), [layout, focusKey]);
  const sections = useMemo(() => summarizeSections(layout, availability), [layout, availability]);

  const zoomToSection = useCallback(
    (section: ChartSectionSummary, anchor?: { x: number; y: number }) => {
      if (section.box) controller.focusBox(section.box, 2 * seatRadius, FOCUS_SEAT_PX, anchor);
    },
    [controller, seatRadius],
  );

  // Best-available's seats or an offer's: zoom to them once the chart is on screen (the controller
  // is attached in the effect above, which runs first).
  useEffect(() => {
    if (!container) return;
    const box = boxOfSeats(layout, focusSeats);
    if (box) controller.focusBox(box, 2 * seatRadius, FOCUS_SEAT_PX);
  }, [controller, container, layout, focusSeats, seatRadius]);

  const seatIndexOf = (target: EventTarget | null): number | null => {
    if (!(target instanceof Element)) return null;
    const v = target.getAttribute("data-i");
    return v === null ? null : Number(v);
  };

  const toggle = useCallback(
    (i: number) => {
      if (!selectable || !onToggleSeat) return;
      const refusal = seatRefusal(layout, availability, i, { selected: selectedSet.has(i), held: heldSet.has(i), showAccessible });
      setAccessHint(refusal === "accessible");
      if (refusal !== null) return;
      onToggleSeat(chartSeat(layout, availability, i));
    },
    [selectable, onToggleSeat, layout, availability, selectedSet, heldSet, showAccessible],
  );

  function onPointerOver(e: PointerEvent<SVGSVGElement>) {
    if (controller.isPanning()) return;
    setHovered(seatIndexOf(e.target));
  }

  function onClick(e: MouseEvent<SVGSVGElement>) {
    if (controller.consumeGesture()) return;
    const i = seatIndexOf(e.target);
    // Seats smaller than a fingertip (or a few pixels under a mouse) cannot be aimed at: a real tap
    // or click (detail > 0; keyboard and scripted clicks have 0) zooms to the section under it.
    const seatPx = (2 * seatRadius) / controller.unitsPerPixel();
    if (e.detail > 0 && seatPx < (touchInput.current ? TOUCH_AIM_PX : MOUSE_AIM_PX)) {
      const p = controller.toChart(e.clientX, e.clientY);
      const near = i ?? nearestSeat(layout, availability, p.x, p.y, false);
      const section = near !== null ? sections[layout.map.seat_section[near] ?? -1] : undefined;
      // Only a tap on (or right beside) a section; a tap on empty floor does nothing.
      const d = near !== null ? Math.hypot((layout.map.seat_x[near] ?? 0) - p.x, (layout.map.seat_y[near] ?? 0) - p.y) / controller.unitsPerPixel() : Infinity;
      if (section && d < 24) {
        setActive(null);
        zoomToSection(section, p);
        return;
      }
    }
    // A tap shows the seat's details on touch screens, which have no hover.
    if (touchInput.current) setActive(i);
    if (i !== null) toggle(i);
  }

  function moveActive(dx: number, dy: number) {
    // Keyboard users start on the nearest seat they can act on: a free one, or one of their own.
    const from = active ?? nearestSeat(layout, availability, controller.center().x, controller.center().y, true, heldSet) ?? nearestSeat(layout, availability, controller.center().x, controller.center().y, false);
    if (from === null) return;
    const next = active === null ? from : (seatInDirection(layout, from, dx, dy) ?? from);
    setActive(next);
    setHovered(null);
    controller.ensureVisible(layout.map.seat_x[next] ?? 0, layout.map.seat_y[next] ?? 0);
  }

  function onKeyDown(e: KeyboardEvent<SVGSVGElement>) {
    const pan = controller.unitsPerPixel() * 120;
    const dirs: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const dir = dirs[e.key];
    if (dir) {
      if (e.shiftKey) controller.panBy(dir[0] * pan, dir[1] * pan);
      else moveActive(dir[0], dir[1]);
    } else if (e.key === "+" || e.key === "=") controller.zoomBy(1.6);
    else if (e.key === "-" || e.key === "_") controller.zoomBy(1 / 1.6);
    else if (e.key === "0") controller.reset();
    else if ((e.key === "Enter" || e.key === " ") && active !== null) toggle(active);
    else if (e.key === "Escape" && active !== null) setActive(null);
    else return;
    e.preventDefault();
  }

  const labelsRef = useCallback((el: SVGGElement | null) => controller.setScaleTarget(el), [controller]);
  const shown = hovered ?? active;
  const shownSeat = shown !== null ? chartSeat(layout, availability, shown) : null;
  const activeSeat = active !== null ? chartSeat(layout, availability, active) : null;
  const ring = seatRadius * 1.75;
  const initialViewBox = `${bounds.x} ${bounds.y} ${bounds.w} ${bounds.h}`;

  if (layout.seatCount === 0) {
    return (
      <div className={`rounded-xl border border-zinc-200 bg-zinc-50 px-6 py-14 text-center text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400 ${className}`}>
        This venue has no seating chart. Tickets are general admission.
      </div>
    );
  }

  return (
    <div className={className}>
      <ChartLegend layout={layout} availability={availability} selectable={selectable} showHeld={heldSeats.length > 0} />
      <SectionOverview sections={sections} currency={layout.currency} onPick={(s) => zoomToSection(s)} />
      {layout.accessibleSeats.length > 0 && (
        <div className="mt-3 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="accessible-seating">
          <label htmlFor={accessToggleId} className="flex items-center gap-2 font-medium">
            <input
              id={accessToggleId}
              type="checkbox"
              checked={showAccessible}
              onChange={(e) => {
                setShowAccessible(e.target.checked);
                setAccessHint(false);
              }}
              className="size-4 accent-brand-600"
            />
            Show accessible seating
          </label>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="accessible-seating-notice">
            Wheelchair spaces and companion seats are for wheelchair users and their companions; the venue may ask for proof at the door.
          </p>
          {accessHint && !showAccessible && (
            <p className="mt-1 text-xs font-medium text-amber-800 dark:text-amber-300" role="status" data-testid="accessible-seating-hint">
              That is an accessible seat: turn on “Show accessible seating” to pick it.
            </p>
          )}
        </div>
      )}
      <div
        ref={setContainer}
        className="relative mt-4 w-full overflow-hidden rounded-xl border border-zinc-200 bg-zinc-50 data-[panning=true]:after:absolute data-[panning=true]:after:inset-0 data-[panning=true]:after:cursor-grabbing dark:border-zinc-800 dark:bg-zinc-900/60"
        style={{ aspectRatio: `${bounds.w} / ${bounds.h}`, maxHeight: "min(75vh, 860px)", minHeight: "min(65vh, 420px)" }}
      >
        {/* The camera moves both svgs during gestures (see view-controller.ts). The seats svg is its
            own compositing layer, so hover and selection (in the overlay svg) never repaint it. */}
        <div ref={cameraRef} className="absolute inset-0 origin-top-left [will-change:transform]">
          <svg
            ref={svgRef}
            data-testid="seating-chart"
            data-seat-count={layout.seatCount}
            data-live={live}
            viewBox={initialViewBox}
            preserveAspectRatio="xMidYMid meet"
            className="block h-full w-full cursor-grab touch-none select-none outline-none [will-change:transform] focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500"
            tabIndex={0}
            role="group"
            aria-roledescription="seating chart"
            aria-label={`${title ? `Seating chart for ${title}` : "Seating chart"}. Arrow keys move between seats${selectable ? ", Space or Enter selects a seat" : ""}, Shift with arrows pans, plus and minus zoom, 0 resets the view.`}
            aria-describedby={activeSeat ? activeDescriptionId : undefined}
            onPointerDown={(e) => {
              touchInput.current = e.pointerType !== "mouse";
            }}
            onPointerOver={onPointerOver}
            onPointerLeave={() => setHovered(null)}
            onClick={onClick}
            onKeyDown={onKeyDown}
            onBlur={() => setActive(null)}
          >
            <SectionOutlines layout={layout} />
            <SeatLayer layout={layout} availability={availability} onReady={onSeatsReady} />
          </svg>
          <svg ref={overlayRef} viewBox={initialViewBox} preserveAspectRatio="xMidYMid meet" className="pointer-events-none absolute inset-0 h-full w-full" aria-hidden="true">
            <g>
              {/* States differ by shape, not only by hue (colour-blind fans): held by you is a dark
                  square with a white tick, your selection a thick dark ring around the class colour,
                  taken seats small grey dots (globals.css), a lost seat a dashed red ring. */}
              {/* Accessible seats: a square around the seat (solid for a wheelchair space, dashed for a
                  companion seat) with a W or C, so they read without colour; brand-coloured and
                  bolder while "Show accessible seating" is on. */}
              {layout.accessibleSeats.map((i) => {
                const x = layout.map.seat_x[i] ?? 0;
                const y = layout.map.seat_y[i] ?? 0;
                const r = seatRadius * (showAccessible ? 1.6 : 1.35);
                const wheelchair = layout.access[i] === 1;
                return (
                  <g key={`a${i}`} data-accessible-seat={wheelchair ? "wheelchair" : "companion"} data-ticket={layout.ticketId[i]} data-highlighted={showAccessible ? "true" : "false"}>
                    <rect
                      x={x - r}
                      y={y - r}
                      width={2 * r}
                      height={2 * r}
                      rx={r * 0.2}
                      fill="none"
                      strokeWidth={seatRadius * (showAccessible ? 0.4 : 0.22)}
                      strokeDasharray={wheelchair ? undefined : `${seatRadius * 0.5} ${seatRadius * 0.3}`}
                      className={showAccessible ? "stroke-brand-600 dark:stroke-brand-400" : "stroke-zinc-900 dark:stroke-white"}
                    />
                    <text x={x} y={y + seatRadius * 0.42} textAnchor="middle" fontSize={seatRadius * 1.2} fontWeight={700} className="fill-white dark:fill-zinc-950">
                      {wheelchair ? "W" : "C"}
                    </text>
                  </g>
                );
              })}
              {heldSeats.map((i) => {
                const x = layout.map.seat_x[i] ?? 0;
                const y = layout.map.seat_y[i] ?? 0;
                const r = seatRadius * 1.3;
                return (
                  <g key={`h${i}`} data-held-ticket-id={layout.ticketId[i]}>
                    <rect x={x - r} y={y - r} width={2 * r} height={2 * r} rx={r * 0.25} strokeWidth={seatRadius * 0.3} className="fill-zinc-900 stroke-white dark:fill-white dark:stroke-zinc-950" />
                    <path
                      d={`M${x - r * 0.5} ${y}l${r * 0.35} ${r * 0.4}l${r * 0.7} ${-r * 0.8}`}
                      fill="none"
                      strokeWidth={seatRadius * 0.35}
                      strokeLinecap="round"
                      strokeLinejoin="round"
                      className="stroke-white dark:stroke-zinc-900"
                    />
                  </g>
                );
              })}
              {focusSeats.map((i) => (
                <circle
                  key={`o${i}`}
                  cx={layout.map.seat_x[i]}
                  cy={layout.map.seat_y[i]}
                  r={seatRadius * 2.1}
                  fill="none"
                  strokeWidth={3}
                  vectorEffect="non-scaling-stroke"
                  className="animate-pulse stroke-brand-600 dark:stroke-brand-400"
                  data-focus-ticket-id={layout.ticketId[i]}
                />
              ))}
              {flashSeats.map((i) => (
                <circle
                  key={`f${i}`}
                  cx={layout.map.seat_x[i]}
                  cy={layout.map.seat_y[i]}
                  r={seatRadius * 2}
                  fill="none"
                  strokeWidth={3}
                  vectorEffect="non-scaling-stroke"
                  className="animate-pulse stroke-red-600 dark:stroke-red-400"
                  data-lost-ticket-id={layout.ticketId[i]}
                />
              ))}
              {selectedSeats.map((i) => (
                <g key={i} data-selected-ticket-id={layout.ticketId[i]}>
                  <circle
                    cx={layout.map.seat_x[i]}
                    cy={layout.map.seat_y[i]}
                    r={seatRadius * 1.15}
                    strokeWidth={seatRadius * 0.5}
                    fill={layout.classes[layout.classIndex[i] ?? -1]?.color ?? "currentColor"}
                    className="stroke-zinc-900 dark:stroke-white"
                  />
                  <circle cx={layout.map.seat_x[i]} cy={layout.map.seat_y[i]} r={seatRadius * 0.35} className="fill-white dark:fill-zinc-900" />
                </g>
              ))}
              {shown !== null && (
                <circle
                  cx={layout.map.seat_x[shown]}
                  cy={layout.map.seat_y[shown]}
                  r={ring}
                  fill="none"
                  strokeWidth={2}
                  vectorEffect="non-scaling-stroke"
                  className="stroke-zinc-900 dark:stroke-white"
                />
              )}
            </g>
            <SectionLabels layout={layout} labelsRef={labelsRef} />
          </svg>
        </div>

        <div className="absolute right-3 top-3 flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white/95 shadow-sm dark:border-zinc-700 dark:bg-zinc-900/95">
          <ZoomButton label="Zoom in" onClick={() => controller.zoomBy(1.6)}>
            <path d="M10 4v12M4 10h12" />
          </ZoomButton>
          <ZoomButton label="Zoom out" onClick={() => controller.zoomBy(1 / 1.6)}>
            <path d="M4 10h12" />
          </ZoomButton>
          <ZoomButton label="Reset view" onClick={() => controller.reset()}>
            <path d="M4 8V4h4M16 12v4h-4M4 12v4h4M16 8V4h-4" />
          </ZoomButton>
        </div>
        <p className="pointer-events-none absolute bottom-2 left-2 rounded-md bg-white/85 px-2 py-1 text-xs text-zinc-700 dark:bg-zinc-900/85 dark:text-zinc-300">
          <span className="[@media(pointer:fine)]:hidden">Tap a section to zoom · pinch to zoom · drag to move</span>
          <span className="hidden [@media(pointer:fine)]:inline">Click a section to zoom · scroll to zoom · drag to move</span>
        </p>

        {shownSeat && (
          <SeatTooltip
            seat={shownSeat}
            controller={controller}
            container={container}
            selectable={selectable}
            selected={selectedSet.has(shownSeat.seatIndex)}
            held={heldSet.has(shownSeat.seatIndex)}
            seatRadius={seatRadius}
            showAccessible={showAccessible}
          />
        )}
      </div>
      {/* The focused seat's accessible name: one live region instead of 20,000 focusable nodes. The
          svg keeps the focus (a roving "virtual" cursor moved by the arrow keys). */}
      <p id={activeDescriptionId} className="sr-only" aria-live="polite" data-testid="active-seat-description">
        {activeSeat ? describeSeat(activeSeat, { selected: selectedSet.has(activeSeat.seatIndex), held: heldSet.has(activeSeat.seatIndex) }) : ""}
      </p>
    </div>
  );
}

function ZoomButton({ label, onClick, children }: { label: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      className="flex size-9 items-center justify-center border-b border-zinc-200 text-zinc-700 last:border-b-0 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
    >
      <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        {children}
      </svg>
    </button>
  );
}
