// The one coded error type of the domain. lib/ throws it; app/ maps it to HTTP once
// (lib/http/error-response.ts), so route handlers never hand-write error bodies.

export const errorStatus = {
  bad_request: 400,
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  /** The route exists but does not answer this method (the response's Allow header lists those it does). */
  method_not_allowed: 405,
  conflict: 409,
  /** Some requested seats are held or sold by someone else (details.unavailable_ticket_ids). */
  seats_unavailable: 409,
  /** The event is not on sale now (before on-sale, after off-sale, cancelled, or past). */
  not_on_sale: 409,
  /** The tickets are not held by the caller (never held, released or expired). */
  not_held: 409,
  /** More tickets than the event allows in one order. */
  order_limit_exceeded: 400,
  /** An e-ticket token that is malformed or not signed by us (a forged or garbled QR code). */
  invalid_ticket_token: 400,
  /** The e-ticket was already scanned at the door (details.checked_in_at). */
  already_checked_in: 409,
  /** The scanner is checking tickets in for one event and this e-ticket is for another (details.event_id, event_title). */
  wrong_event: 409,
  /** The e-ticket no longer admits anyone: cancelled, refunded, its seat resold or its event cancelled. */
  ticket_not_valid: 409,
  /** The payment service does not (yet) say the payment is complete. */
  payment_not_completed: 402,
  /** A payment that does not match its order (other tickets, amount, account). */
  payment_mismatch: 409,
  /** The event's refund policy does not allow cancelling these tickets now. */
  refund_not_allowed: 409,
  /** A webhook whose signature does not verify. */
  invalid_signature: 400,
  /** The event's waiting room is on and the request carries no admission token (join the queue first). */
  admission_required: 403,
  /** The admission token is expired, forged, or for another fan or event. */
  admission_invalid: 403,
  /** The request body is larger than the route accepts (refused before or while reading it). */
  payload_too_large: 413,
  /** The request body is not in a format the route reads (JSON routes want application/json). */
  unsupported_media_type: 415,
  /** Waitlist join: seats that fit the request are on sale now (details.available: how many); buy them instead. */
  waitlist_not_sold_out: 409,
  /** Waitlist join: the fan already has a live entry for the event (details.position). */
  already_on_waitlist: 409,
  /** Waitlist join: the fan already holds or bought seats for the event (details.tickets). */
  already_has_tickets: 409,
  /** Waitlist: no open offer to decline (never made, already paid, declined or lapsed). */
  no_open_offer: 409,
  /** Waitlist change: the entry has an open offer; decline it (or let it lapse) first. */
  waitlist_offer_open: 409,
  /** Ticket transfer: this ticket cannot be sent now (checked in, refunded, the event started or was cancelled, or to yourself). */
  transfer_not_allowed: 409,
  /** Ticket transfer: no OpenSeat account has the recipient's email address; they sign up first. */
  recipient_not_found: 422,
  rate_limited: 429,
  unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
