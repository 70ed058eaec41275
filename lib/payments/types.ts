// Shapes of the checkout and payment API (snake_case, the spec's words). Money is a decimal string
// in major units, as elsewhere in the API.

export type OrderTicket = {
  ticket_id: string;
  seat: string;
  section: string;
  row: string;
  seat_number: number;
  /** A general-admission place: no seat to show (row and seat_number are the place's internal label). */
  general_admission?: boolean;
  class: string;
  price: string;
  /** The event's booking fee for this ticket. */
  fee: string;
  currency: string;
};

/** The review page's order: the caller's hold on an event, priced. */
export type OrderSummary = {
  reservation_id: string;
  /** "expired" when the hold's time has passed even if the sweeper has not run yet. */
  status: "active" | "expired" | "confirmed" | "released";
  expire_datetime: string;
  expire_in_seconds: number;
  /** timezone: the venue's IANA zone, for showing the event's local time. */
  event: { event_id: string; title: string; datetime: string; venue: string; location: string; timezone: string };
  tickets: OrderTicket[];
  subtotal: string;
  fees: string;
  total: string;
  currency: string;
  refund_policy: string;
};

/** POST /api/checkout -> 200. */
export type CheckoutStarted = {
  reservation_id: string;
  session_id: string;
  checkout_url: string;
  /** When the Stripe session expires (never before the hold; see start-checkout.ts). */
  expires_at: string;
  hold_expire_datetime: string;
};

export type ConfirmedTicket = { ticket_id: string; seat: string; class: string; price: string; currency: string; status: "confirmed" };
export type RefundedTicket = { ticket_id: string; seat: string; class: string; price: string; currency: string; status: "refunded" };

/** The spec's payment_details. payment_id is ours; transaction_id is Stripe's PaymentIntent. */
export type PaymentDetails = {
  payment_id: string;
  payment_method: string;
  amount_paid: number;
  currency: string;
  transaction_id: string;
  payment_status: "approved" | "refunded" | "partially_refunded" | "failed" | "pending";
};

/** POST /api/events/ticket/confirm -> 200: the spec's response, plus what happened to every seat. */
export type ConfirmResult = {
  /** "success": at least one ticket is the fan's; "failure": none (the payment was refunded). */
  status: "success" | "failure";
  message: string;
  confirmed_tickets: ConfirmedTicket[];
  payment_details: PaymentDetails;
  confirmation_datetime: string;
  order_id: string;
  reservation_id: string | null;
  event_id: string | null;
  checkout_session_id: string | null;
  /** Seats paid for but not issued (taken by someone else after the hold expired), refunded. */
  refunded_tickets: RefundedTicket[];
  refund: { amount: string; currency: string; status: "succeeded" | "pending" } | null;
};
