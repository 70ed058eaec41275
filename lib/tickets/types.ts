// Shapes of a fan's orders and e-tickets (lib/tickets), and of the check-in API.
import type { EventStatus, OrderItemStatus, PaymentStatus } from "@/lib/generated/prisma/enums";

/** One ticket of an order, as bought (order_item) plus where the seat is. */
export type OrderItemView = {
  orderItemId: number;
  /** The seat's ticket row; the cancel endpoint takes it (ticket_ids). */
  ticketId: number;
  /** Printable seat code, e.g. "112-F-7". */
  seat: string;
  /** Section label, row and seat number from the venue's chart; null if the seat is gone. */
  section: string | null;
  row: string | null;
  number: number | null;
  /** A general-admission place: the ticket shows "General admission", not a row and seat. */
  generalAdmission: boolean;
  className: string;
  classColor: string | null;
  /** Decimal strings in major units. */
  price: string;
  fee: string;
  currency: string;
  status: OrderItemStatus;
  cancelReason: string | null;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  /** The signed e-ticket token (QR content) of an issued item; null otherwise. */
  token: string | null;
  /**
   * A display hint for the "Cancel and refund" button: issued, not checked in, and before the
   * event's refund deadline (lib/payments/refund-policy). The cancel endpoint decides for itself.
   */
  cancellable: boolean;
};

export type OrderEvent = {
  id: number;
  title: string;
  datetime: Date;
  location: string;
  venue: string;
  timezone: string;
  status: EventStatus;
};

/** A payment with its tickets: what the fan bought in one checkout. */
export type UserOrder = {
  /** The payment id. */
  orderId: number;
  status: PaymentStatus;
  /** Who holds the tickets shown (username): the buyer, or a friend they were sent to. */
  holder: string;
  /**
   * The buyer's username when the tickets shown were sent to the holder by them
   * (lib/tickets/transfer-ticket.ts): the order's money figures are then the buyer's business.
   */
  receivedFrom: string | null;
  paidAt: Date;
  currency: string;
  /** Sum of the items' prices, the fees and what was paid in all (prices + fees). */
  subtotal: string;
  fees: string;
  total: string;
  refundedAmount: string;
  /** What happened, e.g. seats lost after the hold expired and refunded. */
  note: string | null;
  event: OrderEvent;
  /** Issued tickets can be cancelled and refunded until then; null: never. */
  refundableUntil: Date | null;
  /** The event's refund policy in one sentence, for the fan. */
  refundPolicy: string;
  items: OrderItemView[];
};

export type UserOrders = { upcoming: UserOrder[]; past: UserOrder[] };

/** One e-ticket with its order, for the ticket page and the QR download. */
export type UserTicket = { order: UserOrder; item: OrderItemView };

/** POST /api/tickets/check-in -> 200. Ids are strings like the rest of the API. */
export type CheckInResult = {
  status: "admitted";
  ticket: {
    order_item_id: string;
    ticket_id: string;
    event_id: string;
    event_title: string;
    seat: string;
    class: string;
    /** The buyer's username. */
    holder: string;
  };
  checked_in_at: string;
};
