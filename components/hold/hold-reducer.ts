// The state of a fan's seat selection and hold on one event page, as a pure reducer so that every
// transition (select, limit, hold, lost seats, release, expiry, restore) is testable without a DOM.
// Ticket ids are numbers here, as on the chart; the API speaks strings.
import type { ReserveResult } from "@/lib/inventory/types";

export type SelectedSeat = {
  ticketId: number;
  /** "Section 112 · Row F · Seat 7" */
  label: string;
  className: string | null;
  /** Decimal string in major units. */
  price: string | null;
  currency: string;
};

export type HoldNotice = {
  kind: "lost" | "limit" | "expired" | "released" | "error";
  message: string;
};

export type LiveHold = {
  result: ReserveResult;
  /** Client-clock epoch ms when the hold ends (from expire_in_seconds, so clock skew does not matter). */
  expiresAt: number;
};

export type HoldState = {
  selection: SelectedSeat[];
  hold: LiveHold | null;
  pending: "hold" | "release" | null;
  notice: HoldNotice | null;
  /** Seats just lost to someone else, highlighted on the chart for a moment. */
  lostTicketIds: number[];
  /** The server said 401: the session is gone. */
  signInRequired: boolean;
  /** Chart labels of seats picked on this page ("Orchestra Left · Row A · Seat 1"), for the hold panel. */
};

export type HoldAction =
  | { type: "toggle"; seat: SelectedSeat; maxTickets: number }
  | { type: "deselect"; ticketId: number }
  | { type: "clear_selection" }
  | { type: "hold_started" }
  | { type: "held"; result: ReserveResult; now: number }
  | { type: "restored"; result: ReserveResult | null; now: number }
  | { type: "lost"; unavailableTicketIds: number[]; message?: string }
  | { type: "unauthorized" }
  | { type: "failed"; message: string }
  | { type: "release_started" }
  | { type: "released" }
  | { type: "expired" }
  | { type: "clear_lost" }
  | { type: "dismiss_notice" };

export const initialHoldState: HoldState = { selection: [], hold: null, pending: null, notice: null, lostTicketIds: [], signInRequired: false };

export function heldTicketIds(state: HoldState): number[] {
  return state.hold ? state.hold.result.tickets.map((t) => Number(t.ticket_id)) : [];
}

export function lostSeatsMessage(count: number): string {
  return count === 1 ? "1 seat was just taken by someone else" : `${count} seats were just taken by someone else`;
}

export function orderLimitMessage(maxTickets: number): string {
  return `You can hold up to ${maxTickets} ${maxTickets === 1 ? "ticket" : "tickets"} per order for this event`;
}

function liveHold(result: ReserveResult, now: number): LiveHold {
  return { result, expiresAt: now + Math.max(0, result.expire_in_seconds) * 1000 };
}

export function holdReducer(state: HoldState, action: HoldAction): HoldState {
  switch (action.type) {
    case "toggle": {
      const id = action.seat.ticketId;
      if (heldTicketIds(state).includes(id)) return state;
      if (state.selection.some((s) => s.ticketId === id)) {
        const selection = state.selection.filter((s) => s.ticketId !== id);
        return { ...state, selection, notice: state.notice?.kind === "limit" ? null : state.notice };
      }
      const count = heldTicketIds(state).length + state.selection.length;
      if (count >= action.maxTickets) return { ...state, notice: { kind: "limit", message: orderLimitMessage(action.maxTickets) } };
      const notice = state.notice?.kind === "limit" || state.notice?.kind === "released" || state.notice?.kind === "expired" ? null : state.notice;
      return { ...state, selection: [...state.selection, action.seat], notice };
    }
    case "deselect":
      return { ...state, selection: state.selection.filter((s) => s.ticketId !== action.ticketId), notice: state.notice?.kind === "limit" ? null : state.notice };
    case "clear_selection":
      return { ...state, selection: [], notice: state.notice?.kind === "limit" ? null : state.notice };
    case "hold_started":
      return { ...state, pending: "hold", notice: null, lostTicketIds: [] };
    case "held": {
      const held = new Set(action.result.tickets.map((t) => Number(t.ticket_id)));
      return { ...state, pending: null, hold: liveHold(action.result, action.now), selection: state.selection.filter((s) => !held.has(s.ticketId)), notice: null, signInRequired: false };
    }
    case "restored":
      if (!action.result || action.result.expire_in_seconds <= 0) return state.hold ? state : { ...state, hold: null };
      return { ...state, hold: liveHold(action.result, action.now) };
    case "lost": {
      const lost = new Set(action.unavailableTicketIds);
      const lostSelected = state.selection.filter((s) => lost.has(s.ticketId)).map((s) => s.ticketId);
      const lostIds = lostSelected.length > 0 ? lostSelected : action.unavailableTicketIds;
      return {
        ...state,
        pending: null,
        selection: state.selection.filter((s) => !lost.has(s.ticketId)),
        lostTicketIds: lostIds,
        notice: { kind: "lost", message: action.message ?? lostSeatsMessage(lostIds.length) },
      };
    }
    case "unauthorized":
      return { ...state, pending: null, signInRequired: true };
    case "failed":
      return { ...state, pending: null, notice: { kind: "error", message: action.message } };
    case "release_started":
      return { ...state, pending: "release", notice: null };
    case "released":
      return { ...state, pending: null, hold: null, notice: { kind: "released", message: "Your seats were released." } };
    case "expired":
      if (!state.hold) return state;
      return { ...state, hold: null, pending: state.pending === "release" ? null : state.pending, notice: { kind: "expired", message: "Your hold expired and the seats were released." } };
    case "clear_lost":
      return state.lostTicketIds.length === 0 ? state : { ...state, lostTicketIds: [] };
    case "dismiss_notice":
      return { ...state, notice: null };
  }
}

/** Sum of decimal-string prices, in minor units to avoid floating-point drift. */
export function totalOf(prices: (string | null)[]): string {
  let cents = 0;
  for (const p of prices) if (p !== null) cents += Math.round(Number(p) * 100);
  return (cents / 100).toFixed(2);
}
