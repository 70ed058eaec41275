// CSV exports of one event for its organizers: orders (one row per paid order) and attendees (one
// row per ticket bought, with its state and check-in). Pages of 1,000 rows by keyset, pulled as the
// download is read (lib/admin/csv.ts), so memory stays flat whatever the event's size.
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import { requireEventManager } from "./access";
import { csvStream, type CsvValue } from "./csv";

const PAGE = 1000;

export const ORDER_CSV_HEADER = ["order_id", "paid_at", "status", "buyer", "email", "tickets", "total", "fees", "refunded", "currency"];
export const ATTENDEE_CSV_HEADER = ["ticket_id", "order_id", "seat", "class", "price", "fee", "currency", "status", "holder", "email", "checked_in_at"];

async function* orderPages(eventId: number): AsyncGenerator<CsvValue[][]> {
  let after = 0;
  for (;;) {
    const rows = await getDb().$queryRaw<
      Array<{ payment_id: number; payment_datetime: Date | null; status: string; username: string; email: string; tickets: bigint; price: string; fee_amount: string; refunded_amount: string; currency: string }>
    >`
      SELECT p.payment_id, p.payment_datetime, p.status::text AS status, u.username, u.email,
             (SELECT count(*) FROM order_item oi WHERE oi.payment_id = p.payment_id) AS tickets,
             p.price::text AS price, p.fee_amount::text AS fee_amount, p.refunded_amount::text AS refunded_amount, p.currency
        FROM payment p JOIN users u ON u.user_id = p.user_id
       WHERE p.event_id = ${eventId}::int AND p.status IN ('approved', 'partially_refunded', 'refunded') AND p.payment_id > ${after}::int
       ORDER BY p.payment_id LIMIT ${PAGE}::int`;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.payment_id;
    yield rows.map((r) => [r.payment_id, r.payment_datetime, r.status, r.username, r.email, Number(r.tickets), r.price, r.fee_amount, r.refunded_amount, r.currency]);
    if (rows.length < PAGE) return;
  }
}

async function* attendeePages(eventId: number): AsyncGenerator<CsvValue[][]> {
  let after = 0;
  for (;;) {
    const rows = await getDb().$queryRaw<
      Array<{ order_item_id: number; payment_id: number; seat: string; class_name: string; price: string; fee: string; currency: string; status: string; username: string; email: string; checked_in_datetime: Date | null }>
    >`
      SELECT oi.order_item_id, oi.payment_id, oi.seat, oi.class_name, oi.price::text AS price, oi.fee::text AS fee, oi.currency,
             oi.status::text AS status, u.username, u.email, oi.checked_in_datetime
        FROM order_item oi JOIN users u ON u.user_id = oi.user_id
       WHERE oi.event_id = ${eventId}::int AND oi.order_item_id > ${after}::int
       ORDER BY oi.order_item_id LIMIT ${PAGE}::int`;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.order_item_id;
    yield rows.map((r) => [r.order_item_id, r.payment_id, r.seat, r.class_name, r.price, r.fee, r.currency, r.status, r.username, r.email, r.checked_in_datetime]);
    if (rows.length < PAGE) return;
  }
}

/** The CSV of the event's orders or attendees, for a caller who manages its venue. */
export async function exportEventCsv(caller: Caller, eventId: number, what: "orders" | "attendees"): Promise<ReadableStream<Uint8Array>> {
  await requireEventManager(caller, eventId);
  return what === "orders" ? csvStream(ORDER_CSV_HEADER, orderPages(eventId)) : csvStream(ATTENDEE_CSV_HEADER, attendeePages(eventId));
}
