// Shapes of the hold API (the spec's reserve/cancel, snake_case) returned by lib/inventory.

export type HeldTicket = {
  ticket_id: string;
  /** Printable seat code "SECTION-ROW-NUMBER", as on the ticket. */
  seat: string;
  /** The section's label on the chart ("Section 112", "Orchestra Left"), row and seat number. */
  section: string;
  /** A place in a general-admission area: no seat (row and seat_number are the place's internal label). */
  general_admission?: boolean;
  row: string;
  seat_number: number;
  class: string;
  /** Decimal string in major units. */
  price: string;
  currency: string;
  status: "reserved";
};

/** POST /api/events/ticket/reserve -> 200. The spec's two fields first. */
export type ReserveResult = {
  expire_datetime: string;
  expire_in_seconds: number;
  reservation_id: string;
  event_id: string;
  /** Every ticket of the hold (a second reserve by the same user joins the same hold and timer). */
  tickets: HeldTicket[];
  total: string;
  currency: string;
};

/** The 409 body's extra field when seats were taken: `{error: {code: "seats_unavailable", message, unavailable_ticket_ids}}`. */
export type SeatsUnavailableDetails = { unavailable_ticket_ids: string[] };

export type CancelledTicket = {
  ticket_id: string;
  seat: string;
  class: string;
  status: "cancelled";
  reason: string;
};

/** POST /api/events/ticket/cancel (status "reserved") -> 200, the spec's shape. */
export type CancelResult = {
  status: "success";
  message: string;
  cancelled_tickets: CancelledTicket[];
  cancel_datetime: string;
};

/** GET /api/events/:event_id/hold -> the caller's live hold on the event, or null. */
export type ActiveHold = ReserveResult | null;
