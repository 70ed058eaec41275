"use client";
// A fan's selection and hold on one event page: the reducer in hold-reducer.ts plus the calls to
// the hold API (same-origin fetch with the session cookie), restoring a live hold on load, the
// expiry timer and the brief highlight of lost seats.
import { useCallback, useEffect, useMemo, useReducer, useState } from "react";
import type { ChartSeat } from "@/components/seating-chart";
import { sectionLabel } from "@/components/seating-chart/describe-seat";
import { heldTicketIds, holdReducer, initialHoldState, type HoldState, type SelectedSeat } from "@/components/hold/hold-reducer";
import { requestJson } from "@/components/lib/api-client";
import type { ReserveResult } from "@/lib/inventory/types";

const LOST_HIGHLIGHT_MS = 4000;

type ApiError = { status: number; code: string; message: string; unavailable_ticket_ids?: string[] };

async function postJson<T>(url: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; error: ApiError }> {
  const r = await requestJson<T>(url, { method: "POST", body });
  if (r.ok) return { ok: true, data: r.data };
  const { status, code, message, details } = r.error;
  const unavailable = details.unavailable_ticket_ids;
  return { ok: false, error: { status, code, message, unavailable_ticket_ids: Array.isArray(unavailable) ? (unavailable as string[]) : undefined } };
}

export function toSelectedSeat(seat: ChartSeat): SelectedSeat | null {
  if (seat.ticketId === null) return null;
  const section = sectionLabel(seat);
  return {
    ticketId: seat.ticketId,
    label: [section, `Row ${seat.row}`, `Seat ${seat.number}`].filter(Boolean).join(" · "),
    className: seat.className,
    price: seat.price,
    currency: seat.currency,
  };
}

export type UseSeatHoldOptions = {
  eventId: string;
  signedIn: boolean;
  maxTicketsPerOrder: number;
};

export type SeatHold = {
  state: HoldState;
  selectedTicketIds: number[];
  heldTicketIds: number[];
  /** Seats the chart should zoom to: a restored hold (a reload, a waitlist offer) or best-available's pick. */
  focusTicketIds: number[];
  toggleSeat: (seat: ChartSeat) => void;
  removeSeat: (ticketId: number) => void;
  clearSelection: () => void;
  holdSeats: () => Promise<void>;
  /** Hold `quantity` adjacent seats of a price class picked by the server; resolves true when held. */
  /** `accessible`: a block with a wheelchair space (the server never offers one otherwise). */
  holdBestAvailable: (classId: string, quantity: number, accessible?: boolean) => Promise<boolean>;
  /** Hold `quantity` general-admission places of an area (joins the hold); resolves true when held. */
  holdGeneralAdmission: (sectionId: string, quantity: number) => Promise<boolean>;
  releaseSeats: () => Promise<void>;
  dismissNotice: () => void;
};

export function useSeatHold({ eventId, signedIn, maxTicketsPerOrder }: UseSeatHoldOptions): SeatHold {
  const [state, dispatch] = useReducer(holdReducer, initialHoldState);
  const [focusTicketIds, setFocusTicketIds] = useState<number[]>([]);

  // Restore the caller's live hold (a reload, a second tab) once.
  useEffect(() => {
    if (!signedIn) return;
    const ac = new AbortController();
    void requestJson<ReserveResult | null>(`/api/events/${encodeURIComponent(eventId)}/hold`, { signal: ac.signal, cache: "no-store" }).then((r) => {
      if (r.ok) {
        // Seats the fan did not pick on this chart (an offer, another tab): show where they are.
        if (r.data) setFocusTicketIds(r.data.tickets.map((t) => Number(t.ticket_id)));
        return dispatch({ type: "restored", result: r.data, now: Date.now() });
      }
      if (r.error.status === 401) return dispatch({ type: "unauthorized" });
      // Aborted, offline or a server error: the page still works; the hold shows up after the next reserve.
    });
    return () => ac.abort();
  }, [eventId, signedIn]);

  // The hold ends on the client's clock when its time is up; the server frees the seats by itself.
  const expiresAt = state.hold?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const t = window.setTimeout(() => dispatch({ type: "expired" }), Math.max(0, expiresAt - Date.now()));
    return () => window.clearTimeout(t);
  }, [expiresAt]);

  const lostKey = state.lostTicketIds.join(",");
  useEffect(() => {
    if (!lostKey) return;
    const t = window.setTimeout(() => dispatch({ type: "clear_lost" }), LOST_HIGHLIGHT_MS);
    return () => window.clearTimeout(t);
  }, [lostKey]);

  const toggleSeat = useCallback(
    (seat: ChartSeat) => {
      const selected = toSelectedSeat(seat);
      if (selected) dispatch({ type: "toggle", seat: selected, maxTickets: maxTicketsPerOrder });
    },
    [maxTicketsPerOrder],
  );

  const { selection, hold, pending } = state;

  const holdSeats = useCallback(async () => {
    if (selection.length === 0 || pending) return;
    dispatch({ type: "hold_started" });
    const r = await postJson<ReserveResult>("/api/events/ticket/reserve", { ticket_ids: selection.map((s) => String(s.ticketId)) });
    if (r.ok) return dispatch({ type: "held", result: r.data, now: Date.now() });
    const { error } = r;
    if (error.status === 401) return dispatch({ type: "unauthorized" });
    if (error.status === 409 && error.code === "seats_unavailable") {
      return dispatch({ type: "lost", unavailableTicketIds: (error.unavailable_ticket_ids ?? []).map(Number) });
    }
    dispatch({ type: "failed", message: error.message });
  }, [selection, pending]);

  // "Best available": the server picks N adjacent seats of the class and adds them to the hold
  // (same body as reserve). The manual selection is dropped: the fan chose this instead.
  const holdBestAvailable = useCallback(
    async (classId: string, quantity: number, accessible = false): Promise<boolean> => {
      if (pending) return false;
      dispatch({ type: "hold_started" });
      const r = await postJson<ReserveResult>(`/api/events/${encodeURIComponent(eventId)}/best-available`, { class_id: classId, quantity, ...(accessible ? { accessible: true } : {}) });
      if (r.ok) {
        dispatch({ type: "held", result: r.data, now: Date.now() });
        dispatch({ type: "clear_selection" });
        setFocusTicketIds(r.data.tickets.map((t) => Number(t.ticket_id)));
        return true;
      }
      if (r.error.status === 401) dispatch({ type: "unauthorized" });
      else dispatch({ type: "failed", message: r.error.message });
      return false;
    },
    [eventId, pending],
  );

  // General admission by quantity: the same reserve route, the GA form of its body.
  const holdGeneralAdmission = useCallback(
    async (sectionId: string, quantity: number): Promise<boolean> => {
      if (pending) return false;
      dispatch({ type: "hold_started" });
      const r = await postJson<ReserveResult>("/api/events/ticket/reserve", { event_id: eventId, section_id: sectionId, quantity });
      if (r.ok) {
        dispatch({ type: "held", result: r.data, now: Date.now() });
        return true;
      }
      if (r.error.status === 401) dispatch({ type: "unauthorized" });
      else dispatch({ type: "failed", message: r.error.message });
      return false;
    },
    [eventId, pending],
  );

  const releaseSeats = useCallback(async () => {
    if (!hold || pending) return;
    dispatch({ type: "release_started" });
    const r = await postJson("/api/events/ticket/cancel", {
      ticket_ids: hold.result.tickets.map((t) => t.ticket_id),
      status: "reserved",
      cancel_reason: "Released by fan",
    });
    if (r.ok) {
      setFocusTicketIds([]);
      return dispatch({ type: "released" });
    }
    if (r.error.status === 401) return dispatch({ type: "unauthorized" });
    // Not held any more (expired meanwhile): the seats are free either way.
    if (r.error.code === "not_held") return dispatch({ type: "released" });
    dispatch({ type: "failed", message: r.error.message });
  }, [hold, pending]);

  const removeSeat = useCallback((ticketId: number) => dispatch({ type: "deselect", ticketId }), []);
  const clearSelection = useCallback(() => dispatch({ type: "clear_selection" }), []);
  const dismissNotice = useCallback(() => dispatch({ type: "dismiss_notice" }), []);

  const selectedTicketIds = useMemo(() => selection.map((s) => s.ticketId), [selection]);
  const held = useMemo(() => heldTicketIds({ hold } as HoldState), [hold]);

  return {
    state,
    selectedTicketIds,
    heldTicketIds: held,
    focusTicketIds,
    toggleSeat,
    removeSeat,
    clearSelection,
    holdSeats,
    holdBestAvailable,
    holdGeneralAdmission,
    releaseSeats,
    dismissNotice,
  };
}
