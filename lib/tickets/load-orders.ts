// Reads orders (payments that took money, with their order items) into the shapes of ./types.ts,
// for the fan's order list and a single e-ticket. Three queries whatever the number of orders:
// the payments with their items, their events, and the seats of their tickets (section, row and
// number come from the ticket's seat, which a ticket row keeps for life).
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";
import { canRefund, describeRefundPolicy, refundDeadline } from "@/lib/payments/refund-policy";
import { isTicketTokenSecret, signTicketToken } from "./ticket-token";
import type { OrderEvent, OrderItemView, UserOrder } from "./types";

/** Payments that are orders: money was taken (and possibly given back). */
export const ORDER_PAYMENT_STATUSES: PaymentStatus[] = ["approved", "partially_refunded", "refunded"];

const itemSelect = {
  id: true,
  ticketId: true,
  eventId: true,
  seat: true,
  className: true,
  price: true,
  fee: true,
  currency: true,
  status: true,
  tokenSecret: true,
  checkedInAt: true,
  cancelReason: true,
  cancelledAt: true,
  userId: true,
  user: { select: { username: true } },
} satisfies Prisma.OrderItemSelect;

type ItemRow = Prisma.OrderItemGetPayload<{ select: typeof itemSelect }>;

/**
 * `holderId`: only the items that user holds now (a ticket sent to a friend leaves the sender's list
 * and joins the friend's, under the order that paid for it; lib/tickets/transfer-ticket.ts).
 */
export async function loadOrders(where: Prisma.PaymentWhereInput, now: Date = new Date(), holderId?: number): Promise<UserOrder[]> {
  const db = getDb();
  const payments = await db.payment.findMany({
    where: { AND: [where, { status: { in: ORDER_PAYMENT_STATUSES } }, { items: { some: holderId === undefined ? {} : { userId: holderId } } }] },
    select: {
      id: true,
      status: true,
      price: true,
      feeAmount: true,
      refundedAmount: true,
      currency: true,
      paymentAt: true,
      createdAt: true,
      note: true,
      userId: true,
      user: { select: { username: true } },
      items: { select: itemSelect, where: holderId === undefined ? undefined : { userId: holderId }, orderBy: { id: "asc" } },
    },
    orderBy: { id: "asc" },
  });
  if (payments.length === 0) return [];

  const eventIds = [...new Set(payments.map((p) => p.items[0]!.eventId))];
  const ticketIds = payments.flatMap((p) => p.items.map((i) => i.ticketId));
  const [events, tickets] = await Promise.all([
    db.event.findMany({
      where: { id: { in: eventIds } },
      select: {
        id: true,
        title: true,
        datetime: true,
        location: true,
        status: true,
        refundCutoffHours: true,
        venue: { select: { name: true, timezone: true } },
      },
    }),
    db.ticket.findMany({
      where: { id: { in: ticketIds } },
      select: { id: true, class: { select: { color: true } }, seatRef: { select: { row: true, number: true, section: { select: { label: true, kind: true } } } } },
    }),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  const ticketById = new Map(tickets.map((t) => [t.id, t]));

  return payments.flatMap((p): UserOrder[] => {
    const e = eventById.get(p.items[0]!.eventId);
    if (!e) return [];
    const event: OrderEvent = {
      id: e.id,
      title: e.title,
      datetime: e.datetime,
      location: e.location,
      venue: e.venue.name,
      timezone: e.venue.timezone,
      status: e.status,
    };
    // The cancel endpoint's own policy (lib/payments/refund-policy), so the button shows exactly when it may work.
    const canStillRefund = canRefund(e, now);
    const toView = (i: ItemRow): OrderItemView => {
      const t = ticketById.get(i.ticketId);
      const issued = i.status === "issued";
      // A secret the verifier would refuse cannot make a working QR code: show none rather than fail.
      const token = issued && isTicketTokenSecret(i.tokenSecret) ? signTicketToken({ orderItemId: i.id, tokenSecret: i.tokenSecret }) : null;
      return {
        orderItemId: i.id,
        ticketId: i.ticketId,
        seat: i.seat,
        section: t?.seatRef.section.label ?? null,
        row: t?.seatRef.row ?? null,
        number: t?.seatRef.number ?? null,
        generalAdmission: t?.seatRef.section.kind === "general_admission",
        className: i.className,
        classColor: t?.class.color ?? null,
        price: i.price.toFixed(2),
        fee: i.fee.toFixed(2),
        currency: i.currency,
        status: i.status,
        cancelReason: i.cancelReason,
        cancelledAt: i.cancelledAt,
        checkedInAt: i.checkedInAt,
        token,
        // A ticket received by transfer is not refundable by its holder (the money would go to the payer).
        cancellable: issued && i.checkedInAt === null && canStillRefund && i.userId === p.userId,
      };
    };
    const subtotal = p.items.reduce((sum, i) => sum.add(i.price), new Prisma.Decimal(0));
    return [
      {
        orderId: p.id,
        status: p.status,
        // Whoever holds the tickets shown: the buyer, or a friend they were sent to.
        holder: p.items[0]!.user.username,
        receivedFrom: p.items[0]!.userId === p.userId ? null : p.user.username,
        paidAt: p.paymentAt ?? p.createdAt,
        currency: p.currency,
        subtotal: subtotal.toFixed(2),
        fees: p.feeAmount.toFixed(2),
        total: p.price.toFixed(2),
        refundedAmount: p.refundedAmount.toFixed(2),
        note: p.note,
        event,
        refundableUntil: refundDeadline(e),
        refundPolicy: describeRefundPolicy(e),
        items: p.items.map(toView),
      },
    ];
  });
}
