// Property-based fuzzing of every API route handler (fast-check): malformed, oversized, wrongly
// typed and hostile input (SQL-looking strings, huge arrays, unicode, negative and huge numbers,
// other users' ids, garbage tokens) from every kind of caller. For every request:
//   - never a 5xx;
//   - an error is JSON `{"error": {"code", "message"}}` and no body carries a stack trace or
//     internals (file paths, Prisma, SQL);
//   - a rejected request (4xx) changes nothing in PostgreSQL (a fingerprint of every table that
//     records a sale, a hold, a payment or an account is equal before and after).
// Budget: FUZZ_RUNS runs per route (default 25 in `npm test`; `npm run test:fuzz` uses more).
// Not fuzzed: the SSE streams' GET (their parameters go through the same parsers as the routes here;
// the organizers' sales stream is fuzzed through its HEAD, which runs the same checks),
// POST /api/me/sign-out-everywhere (it reads no input, and a valid caller would end the fuzzer's
// own tokens; test/api/sessions.test.ts covers it) and Auth.js' own endpoints
// (/api/auth/[...nextauth], third-party).
import type { UserRole } from "@/lib/generated/prisma/enums";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as adminEvents from "@/app/api/admin/events/route";
import * as adminEvent from "@/app/api/admin/events/[event_id]/route";
import * as adminEventPublish from "@/app/api/admin/events/[event_id]/publish/route";
import * as adminEventUnpublish from "@/app/api/admin/events/[event_id]/unpublish/route";
import * as adminEventCancel from "@/app/api/admin/events/[event_id]/cancel/route";
import * as adminEventAudit from "@/app/api/admin/events/[event_id]/audit/route";
import * as adminEventImages from "@/app/api/admin/events/images/route";
import * as eventImage from "@/app/api/event-images/[name]/route";
import * as adminUsers from "@/app/api/admin/users/route";
import * as adminUserRole from "@/app/api/admin/users/[user_id]/role/route";
import * as adminUserVenues from "@/app/api/admin/users/[user_id]/venues/route";
import * as adminOrders from "@/app/api/admin/orders/route";
import * as adminOrder from "@/app/api/admin/orders/[order_id]/route";
import * as adminRefund from "@/app/api/admin/orders/[order_id]/refund/route";
import * as adminResend from "@/app/api/admin/orders/[order_id]/resend/route";
import * as adminSales from "@/app/api/admin/events/[event_id]/sales/route";
import * as adminSalesSeats from "@/app/api/admin/events/[event_id]/sales/seats/route";
import * as adminSalesStream from "@/app/api/admin/events/[event_id]/sales/stream/route";
import * as adminCheckIns from "@/app/api/admin/events/[event_id]/sales/check-ins/route";
import * as adminOrdersCsv from "@/app/api/admin/events/[event_id]/sales/orders.csv/route";
import * as register from "@/app/api/auth/register/route";
import * as token from "@/app/api/auth/token/route";
import * as checkout from "@/app/api/checkout/route";
import * as cron from "@/app/api/cron/expire-holds/route";
import * as availability from "@/app/api/events/[event_id]/availability/route";
import * as bestAvailable from "@/app/api/events/[event_id]/best-available/route";
import * as hold from "@/app/api/events/[event_id]/hold/route";
import * as eventDetail from "@/app/api/events/[event_id]/route";
import * as seats from "@/app/api/events/[event_id]/seats/route";
import * as events from "@/app/api/events/route";
import * as cancel from "@/app/api/events/ticket/cancel/route";
import * as confirm from "@/app/api/events/ticket/confirm/route";
import * as reserve from "@/app/api/events/ticket/reserve/route";
import * as types from "@/app/api/events/types/route";
import * as searchSuggest from "@/app/api/search/suggest/route";
import * as ready from "@/app/api/health/ready/route";
import * as me from "@/app/api/me/route";
import * as qr from "@/app/api/tickets/[order_item_id]/qr.svg/route";
import * as ticketCalendar from "@/app/api/tickets/[order_item_id]/calendar.ics/route";
import * as ticketTransfer from "@/app/api/tickets/[order_item_id]/transfer/route";
import * as checkIn from "@/app/api/tickets/check-in/route";
import * as seatMap from "@/app/api/venues/[venue_id]/seat-map/route";
import * as webhook from "@/app/api/webhooks/stripe/route";
import * as notFound from "@/app/api/[...path]/route";
import * as waitlist from "@/app/api/events/[event_id]/waitlist/route";
import * as waitlistDecline from "@/app/api/events/[event_id]/waitlist/offer/decline/route";
import * as adminWaitlist from "@/app/api/admin/events/[event_id]/waitlist/route";
import * as passwordResetRequest from "@/app/api/auth/password-reset/request/route";
import * as passwordReset from "@/app/api/auth/password-reset/route";
import * as verifyEmail from "@/app/api/auth/verify-email/route";
import * as cronNotifications from "@/app/api/cron/notifications/route";
import * as myNotifications from "@/app/api/me/notifications/route";
import * as myPushSubscriptions from "@/app/api/me/push-subscriptions/route";
import * as queueTurnAlert from "@/app/api/events/[event_id]/queue/turn-alert/route";
import * as verificationEmail from "@/app/api/me/verification-email/route";
import * as unsubscribe from "@/app/api/notifications/unsubscribe/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { startCheckout } from "@/lib/payments/start-checkout";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { startTestStripe } from "@/test/support/stripe";
import type { StripeEmulator } from "@openseat/stripe-emulator";

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 25));

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;
type Route = { name: string; method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE"; handler: Handler; path: string; params?: string[]; body: boolean };

const routes: Route[] = [
  { name: "GET /api/events", method: "GET", handler: events.GET as Handler, path: "/api/events", body: false },
  { name: "GET /api/events/types", method: "GET", handler: types.GET as Handler, path: "/api/events/types", body: false },
  { name: "GET /api/search/suggest", method: "GET", handler: searchSuggest.GET as Handler, path: "/api/search/suggest", body: false },
  { name: "GET /api/health/ready", method: "GET", handler: ready.GET as Handler, path: "/api/health/ready", body: false },
  { name: "GET /api/events/:id", method: "GET", handler: eventDetail.GET as Handler, path: "/api/events/:event_id", params: ["event_id"], body: false },
  { name: "GET /api/events/:id/seats", method: "GET", handler: seats.GET as Handler, path: "/api/events/:event_id/seats", params: ["event_id"], body: false },
  { name: "GET /api/events/:id/availability", method: "GET", handler: availability.GET as Handler, path: "/api/events/:event_id/availability", params: ["event_id"], body: false },
  { name: "GET /api/events/:id/hold", method: "GET", handler: hold.GET as Handler, path: "/api/events/:event_id/hold", params: ["event_id"], body: false },
  { name: "POST /api/events/:id/best-available", method: "POST", handler: bestAvailable.POST as Handler, path: "/api/events/:event_id/best-available", params: ["event_id"], body: true },
  { name: "GET /api/events/:id/waitlist", method: "GET", handler: waitlist.GET as Handler, path: "/api/events/:event_id/waitlist", params: ["event_id"], body: false },
  { name: "POST /api/events/:id/waitlist", method: "POST", handler: waitlist.POST as Handler, path: "/api/events/:event_id/waitlist", params: ["event_id"], body: true },
  { name: "PATCH /api/events/:id/waitlist", method: "PATCH", handler: waitlist.PATCH as Handler, path: "/api/events/:event_id/waitlist", params: ["event_id"], body: true },
  { name: "DELETE /api/events/:id/waitlist", method: "DELETE", handler: waitlist.DELETE as Handler, path: "/api/events/:event_id/waitlist", params: ["event_id"], body: false },
  { name: "POST /api/events/:id/waitlist/offer/decline", method: "POST", handler: waitlistDecline.POST as Handler, path: "/api/events/:event_id/waitlist/offer/decline", params: ["event_id"], body: true },
  { name: "PATCH /api/admin/events/:id/waitlist", method: "PATCH", handler: adminWaitlist.PATCH as Handler, path: "/api/admin/events/:event_id/waitlist", params: ["event_id"], body: true },
  { name: "GET /api/admin/events/:id/waitlist", method: "GET", handler: adminWaitlist.GET as Handler, path: "/api/admin/events/:event_id/waitlist", params: ["event_id"], body: false },
  { name: "GET /api/venues/:id/seat-map", method: "GET", handler: seatMap.GET as Handler, path: "/api/venues/:venue_id/seat-map", params: ["venue_id"], body: false },
  { name: "POST /api/events/ticket/reserve", method: "POST", handler: reserve.POST as Handler, path: "/api/events/ticket/reserve", body: true },
  { name: "POST /api/events/ticket/cancel", method: "POST", handler: cancel.POST as Handler, path: "/api/events/ticket/cancel", body: true },
  { name: "POST /api/events/ticket/confirm", method: "POST", handler: confirm.POST as Handler, path: "/api/events/ticket/confirm", body: true },
  { name: "POST /api/checkout", method: "POST", handler: checkout.POST as Handler, path: "/api/checkout", body: true },
  { name: "POST /api/webhooks/stripe", method: "POST", handler: webhook.POST as Handler, path: "/api/webhooks/stripe", body: true },
  { name: "POST /api/tickets/check-in", method: "POST", handler: checkIn.POST as Handler, path: "/api/tickets/check-in", body: true },
  { name: "GET /api/tickets/:id/calendar.ics", method: "GET", handler: ticketCalendar.GET as Handler, path: "/api/tickets/:order_item_id/calendar.ics", params: ["order_item_id"], body: false },
  { name: "POST /api/tickets/:id/transfer", method: "POST", handler: ticketTransfer.POST as Handler, path: "/api/tickets/:order_item_id/transfer", params: ["order_item_id"], body: true },
  { name: "GET /api/tickets/:id/qr.svg", method: "GET", handler: qr.GET as Handler, path: "/api/tickets/:order_item_id/qr.svg", params: ["order_item_id"], body: false },
  { name: "POST /api/auth/register", method: "POST", handler: register.POST as Handler, path: "/api/auth/register", body: true },
  { name: "POST /api/auth/token", method: "POST", handler: token.POST as Handler, path: "/api/auth/token", body: true },
  { name: "GET /api/me", method: "GET", handler: me.GET as Handler, path: "/api/me", body: false },
  { name: "GET /api/admin/users", method: "GET", handler: adminUsers.GET as Handler, path: "/api/admin/users", body: false },
  { name: "POST /api/admin/users/:id/role", method: "POST", handler: adminUserRole.POST as Handler, path: "/api/admin/users/:user_id/role", params: ["user_id"], body: true },
  { name: "GET /api/admin/events", method: "GET", handler: adminEvents.GET as Handler, path: "/api/admin/events", body: false },
  { name: "POST /api/admin/events", method: "POST", handler: adminEvents.POST as Handler, path: "/api/admin/events", body: true },
  { name: "GET /api/admin/events/:id", method: "GET", handler: adminEvent.GET as Handler, path: "/api/admin/events/:event_id", params: ["event_id"], body: false },
  { name: "PATCH /api/admin/events/:id", method: "PATCH", handler: adminEvent.PATCH as Handler, path: "/api/admin/events/:event_id", params: ["event_id"], body: true },
  { name: "POST /api/admin/events/:id/publish", method: "POST", handler: adminEventPublish.POST as Handler, path: "/api/admin/events/:event_id/publish", params: ["event_id"], body: true },
  { name: "POST /api/admin/events/:id/unpublish", method: "POST", handler: adminEventUnpublish.POST as Handler, path: "/api/admin/events/:event_id/unpublish", params: ["event_id"], body: true },
  { name: "GET /api/admin/events/:id/cancel", method: "GET", handler: adminEventCancel.GET as Handler, path: "/api/admin/events/:event_id/cancel", params: ["event_id"], body: false },
  { name: "POST /api/admin/events/:id/cancel", method: "POST", handler: adminEventCancel.POST as Handler, path: "/api/admin/events/:event_id/cancel", params: ["event_id"], body: true },
  { name: "GET /api/admin/events/:id/audit", method: "GET", handler: adminEventAudit.GET as Handler, path: "/api/admin/events/:event_id/audit", params: ["event_id"], body: false },
  { name: "POST /api/admin/events/images", method: "POST", handler: adminEventImages.POST as Handler, path: "/api/admin/events/images", body: true },
  { name: "GET /api/event-images/:name", method: "GET", handler: eventImage.GET as Handler, path: "/api/event-images/:name", params: ["name"], body: false },
  { name: "POST /api/admin/users/:id/venues", method: "POST", handler: adminUserVenues.POST as Handler, path: "/api/admin/users/:user_id/venues", params: ["user_id"], body: true },
  { name: "DELETE /api/admin/users/:id/venues", method: "DELETE", handler: adminUserVenues.DELETE as Handler, path: "/api/admin/users/:user_id/venues", params: ["user_id"], body: true },
  { name: "GET /api/admin/orders", method: "GET", handler: adminOrders.GET as Handler, path: "/api/admin/orders", body: false },
  { name: "GET /api/admin/orders/:id", method: "GET", handler: adminOrder.GET as Handler, path: "/api/admin/orders/:order_id", params: ["order_id"], body: false },
  { name: "POST /api/admin/orders/:id/refund", method: "POST", handler: adminRefund.POST as Handler, path: "/api/admin/orders/:order_id/refund", params: ["order_id"], body: true },
  { name: "POST /api/admin/orders/:id/resend", method: "POST", handler: adminResend.POST as Handler, path: "/api/admin/orders/:order_id/resend", params: ["order_id"], body: false },
  { name: "GET /api/admin/events/:id/sales", method: "GET", handler: adminSales.GET as Handler, path: "/api/admin/events/:event_id/sales", params: ["event_id"], body: false },
  // The sales stream through HEAD: the same parsing and access check as its GET, without a body that never ends.
  { name: "HEAD /api/admin/events/:id/sales/stream", method: "HEAD", handler: adminSalesStream.HEAD as Handler, path: "/api/admin/events/:event_id/sales/stream", params: ["event_id"], body: false },
  { name: "GET /api/admin/events/:id/sales/seats", method: "GET", handler: adminSalesSeats.GET as Handler, path: "/api/admin/events/:event_id/sales/seats", params: ["event_id"], body: false },
  { name: "GET /api/admin/events/:id/sales/check-ins", method: "GET", handler: adminCheckIns.GET as Handler, path: "/api/admin/events/:event_id/sales/check-ins", params: ["event_id"], body: false },
  { name: "GET /api/admin/events/:id/sales/orders.csv", method: "GET", handler: adminOrdersCsv.GET as Handler, path: "/api/admin/events/:event_id/sales/orders.csv", params: ["event_id"], body: false },
  { name: "GET /api/cron/expire-holds", method: "GET", handler: cron.GET as Handler, path: "/api/cron/expire-holds", body: false },
  { name: "POST /api/auth/password-reset/request", method: "POST", handler: passwordResetRequest.POST as Handler, path: "/api/auth/password-reset/request", body: true },
  { name: "POST /api/auth/password-reset", method: "POST", handler: passwordReset.POST as Handler, path: "/api/auth/password-reset", body: true },
  { name: "POST /api/auth/verify-email", method: "POST", handler: verifyEmail.POST as Handler, path: "/api/auth/verify-email", body: true },
  { name: "POST /api/notifications/unsubscribe", method: "POST", handler: unsubscribe.POST as Handler, path: "/api/notifications/unsubscribe", body: true },
  { name: "GET /api/me/notifications", method: "GET", handler: myNotifications.GET as Handler, path: "/api/me/notifications", body: false },
  { name: "GET /api/me/push-subscriptions", method: "GET", handler: myPushSubscriptions.GET as Handler, path: "/api/me/push-subscriptions", body: false },
  { name: "POST /api/me/push-subscriptions", method: "POST", handler: myPushSubscriptions.POST as Handler, path: "/api/me/push-subscriptions", body: true },
  { name: "DELETE /api/me/push-subscriptions", method: "DELETE", handler: myPushSubscriptions.DELETE as Handler, path: "/api/me/push-subscriptions", body: true },
  { name: "PUT /api/events/:id/queue/turn-alert", method: "PUT", handler: queueTurnAlert.PUT as Handler, path: "/api/events/:event_id/queue/turn-alert", params: ["event_id"], body: true },
  { name: "POST /api/me/verification-email", method: "POST", handler: verificationEmail.POST as Handler, path: "/api/me/verification-email", body: true },
  { name: "GET /api/cron/notifications", method: "GET", handler: cronNotifications.GET as Handler, path: "/api/cron/notifications", body: false },
  { name: "POST /api/(unknown)", method: "POST", handler: notFound.POST as Handler, path: "/api/nope", body: true },
];

// ---- the world the fuzzer attacks ---------------------------------------------------------------

type World = { ids: string[]; tokens: string[]; stripe: StripeEmulator };
let world: World;

beforeAll(async () => {
  process.env.CRON_SECRET ??= "fuzz-cron-secret-0123456789";
  await truncateAll();
  await resetRedis();
  const stripe = await startTestStripe();
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { sections: 1, rows: 2, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, price: "40.00", serviceFee: "2.00" });
  const tickets = (await db.ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" }, select: { id: true } })).map((t) => t.id);
  const fan = await createUser(db, {});
  const other = await createUser(db, {});
  const admin = await createUser(db, { role: "admin" });
  const venueAdmin = await createUser(db, { role: "venue_admin", venueIds: [venue.id] });
  const hold = await reserveTickets({ userId: fan.id, ticketIds: tickets.slice(0, 2) });
  const session = await startCheckout({ userId: fan.id, reservationId: Number(hold.reservation_id), baseUrl: "http://localhost" });
  await reserveTickets({ userId: other.id, ticketIds: tickets.slice(5, 7) });
  const tokenOf = async (u: { id: number; role: UserRole; email: string; username: string }) =>
    (await issueAccessToken({ id: u.id, role: u.role, email: u.email, username: u.username })).access_token;
  world = {
    stripe,
    // Real ids of every kind, so the fuzzer also tries other users' things.
    ids: [String(event.id), String(venue.id), hold.reservation_id, session.session_id, ...tickets.slice(0, 8).map(String), String(fan.id), String(other.id)],
    tokens: [await tokenOf(fan), await tokenOf(other), await tokenOf(admin), await tokenOf(venueAdmin)],
  };
});

afterAll(async () => {
  await world?.stripe.close();
});

/** A fingerprint of everything a rejected request must not change. */
async function fingerprint(): Promise<string> {
  const [row] = await getDb().$queryRaw<{ f: string }[]>`
    SELECT md5(concat_ws('|',
      (SELECT string_agg(concat_ws(':', ticket_id, status, user_id, reservation_id, payment_id, hold_expire_datetime), ',' ORDER BY ticket_id) FROM ticket),
      (SELECT string_agg(concat_ws(':', reservation_id, status, expire_datetime, checkout_session_id), ',' ORDER BY reservation_id) FROM reservation),
      (SELECT string_agg(concat_ws(':', payment_id, status, refunded_amount), ',' ORDER BY payment_id) FROM payment),
      (SELECT string_agg(concat_ws(':', order_item_id, status, checked_in_datetime), ',' ORDER BY order_item_id) FROM order_item),
      (SELECT string_agg(concat_ws(':', user_id, email, role, password_hash, session_version), ',' ORDER BY user_id) FROM users),
      (SELECT count(*) FROM refund),
      (SELECT string_agg(concat_ws(':', event_id, waitlist_offer_seconds, waitlist_priority), ',' ORDER BY event_id) FROM event),
      (SELECT string_agg(concat_ws(':', waitlist_entry_id, status, party_size, class_ids, together), ',' ORDER BY waitlist_entry_id) FROM waitlist_entry),
      (SELECT string_agg(concat_ws(':', waitlist_offer_id, status, reservation_id), ',' ORDER BY waitlist_offer_id) FROM waitlist_offer),
      (SELECT string_agg(concat_ws(':', event_id, status, published_datetime, title, datetime, service_fee, total_ticket_count), ',' ORDER BY event_id) FROM event),
      (SELECT string_agg(concat_ws(':', ticket_id, class_id, price), ',' ORDER BY ticket_id) FROM ticket),
      (SELECT count(*) FROM audit_log),
      (SELECT count(*) FROM event_cancellation),
      (SELECT count(*) FROM order_refund_request),
      (SELECT string_agg(concat_ws(':', user_id, venue_id), ',' ORDER BY user_id, venue_id) FROM venue_door_staff),
      (SELECT string_agg(concat_ws(':', user_id, venue_id), ',' ORDER BY user_id, venue_id) FROM venue_admin),
      (SELECT string_agg(concat_ws(':', notification_id, status), ',' ORDER BY notification_id) FROM notification),
      (SELECT string_agg(concat_ws(':', user_id, kind, channel, enabled), ',' ORDER BY user_id, kind, channel) FROM notification_preference),
      (SELECT string_agg(concat_ws(':', auth_token_id, used_datetime, expire_datetime), ',' ORDER BY auth_token_id) FROM auth_token),
      (SELECT string_agg(concat_ws(':', user_id, email_verified_datetime), ',' ORDER BY user_id) FROM users),
      (SELECT string_agg(concat_ws(':', push_subscription_id, user_id, endpoint, p256dh, auth), ',' ORDER BY push_subscription_id) FROM push_subscription),
      (SELECT string_agg(concat_ws(':', event_id, user_id, notified_position), ',' ORDER BY event_id, user_id) FROM queue_turn_alert),
      (SELECT count(*) FROM hold_expiry_notice)
    )) AS f`;
  return row!.f;
}

// ---- arbitraries ---------------------------------------------------------------------------------

const hostileText = fc.constantFrom(
  "' OR 1=1 --", "'; DROP TABLE ticket; --", "1; SELECT pg_sleep(10)", "\u0000", "\\", "%00", "../../etc/passwd",
  "<script>alert(1)</script>", "{{7*7}}", "${process.exit()}", "__proto__", "constructor", "NaN", "Infinity", "-Infinity",
  "-1", "0", "1e309", "9".repeat(400), "0x10", "1.5", " 1", "٣", "𝟙𝟚", "👍🏽", "\u202e", "cs_test_forged", "pi_forged", "whsec_x",
  "a".repeat(70_000),
);
const text = fc.oneof(hostileText, fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
const idLike = () =>
  fc.oneof(
    fc.constantFrom(...world.ids),
    fc.integer(),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom(2_147_483_648, Number.MAX_SAFE_INTEGER, -0, 1.5),
    fc.double(),
    text,
    fc.constant(null),
    fc.boolean(),
  );
const anything = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { depthSize: "small" },
    idLike(),
    fc.array(idLike(), { maxLength: 8 }),
    fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 51, maxLength: 3000 }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(text, idLike(), { maxKeys: 4 }),
  );
const body = () =>
  fc.oneof(
    fc.record(
      {
        ticket_ids: fc.oneof(fc.array(idLike(), { maxLength: 10 }), anything()),
        status: fc.oneof(fc.constantFrom("reserved", "confirmed", "RESERVED", ""), anything()),
        cancel_reason: fc.oneof(text, anything()),
        payment_info: fc.oneof(
          fc.record({ payment_id: fc.oneof(fc.constantFrom(...world.ids), idLike()), transaction_id: idLike(), payment_status: fc.constantFrom("approved", "paid"), amount_paid: idLike() }, { requiredKeys: [] }),
          anything(),
        ),
        reservation_id: idLike(),
        class_id: idLike(),
        quantity: idLike(),
        party_size: idLike(),
        class_ids: fc.oneof(fc.array(idLike(), { maxLength: 6 }), anything()),
        together: fc.oneof(fc.boolean(), anything()),
        offer_seconds: idLike(),
        priority: fc.oneof(fc.boolean(), anything()),
        token: fc.oneof(text, anything(), fc.constant("1.abcdefabcdefabcdefabcdefabcdefab.sig")),
        email: fc.oneof(text, fc.emailAddress(), anything()),
        password: fc.oneof(text, anything()),
        username: fc.oneof(text, anything()),
        id: idLike(),
        type: fc.oneof(fc.constantFrom("checkout.session.completed", "charge.refunded"), text),
        data: anything(),
        title: fc.oneof(text, anything()),
        reason: fc.oneof(text, anything()),
        venue_id: idLike(),
        // the reserve route's general-admission form ({event_id, section_id, quantity})
        event_id: idLike(),
        section_id: idLike(),
        starts_at: fc.oneof(fc.constantFrom("2031-07-04T20:00", "2031-03-09T02:30", "2020-01-01T00:00", "2031-02-30T10:00"), text),
        price_classes: fc.oneof(fc.array(fc.record({ class_id: idLike(), price: idLike(), section_ids: fc.array(idLike(), { maxLength: 3 }) }, { requiredKeys: [] }), { maxLength: 3 }), anything()),
      },
      { requiredKeys: [] },
    ).map((o) => JSON.stringify(o)),
    anything().map((v) => JSON.stringify(v) ?? ""),
    fc.oneof(text, fc.constantFrom("", "{", "[1,2", "null", "{\"ticket_ids\": [1,2,3", "\u0000\u0001")),
  );
const caller = () => fc.oneof(fc.constant(null), fc.constantFrom(...world.tokens), fc.constantFrom("garbage", "eyJhbGciOiJub25lIn0.e30.", "Bearer", "a".repeat(5000)));
const query = () =>
  fc.array(
    fc.tuple(fc.constantFrom("type", "location", "date_from", "date_to", "q", "sort_by", "order", "page", "size", "v", "x", "venue_id", "state", "when", "before", "limit", "status", "event_id", "role", "sort"), text),
    { maxLength: 4 },
  );

// ---- the property --------------------------------------------------------------------------------

const LEAKS = /\n\s+at |node_modules|\/lib\/|\.ts:\d|prisma|PrismaClient|SELECT |syntax error|stack/i;

async function send(route: Route, input: { params: unknown[]; body?: string; auth: string | null; query: [string, string][]; contentType: string | null; signature: string | null }) {
  const params: Record<string, string> = {};
  route.params?.forEach((name, i) => (params[name] = String(input.params[i])));
  let path = route.path;
  for (const [name, value] of Object.entries(params)) path = path.replace(`:${name}`, encodeURIComponent(value));
  const url = new URL(`http://localhost${path}`);
  for (const [k, v] of input.query) url.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  if (input.auth) headers.authorization = `Bearer ${input.auth}`;
  if (input.contentType) headers["content-type"] = input.contentType;
  if (input.signature) headers["stripe-signature"] = input.signature;
  const request = new Request(url, { method: route.method, headers, body: route.method !== "GET" && route.method !== "HEAD" ? (input.body ?? "") : undefined });
  return route.handler(request, { params: Promise.resolve(params) });
}

describe("API fuzzing", () => {
  for (const route of routes) {
    it(`${route.name}: no 5xx, no leaks, no change from a rejected request`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.array(idLike(), { minLength: 2, maxLength: 2 }),
            body: route.body ? body() : fc.constant(undefined),
            auth: caller(),
            query: query(),
            contentType: fc.constantFrom("application/json", "text/plain", null, "application/x-www-form-urlencoded"),
            signature: fc.oneof(fc.constant(null), fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }), fc.constant("t=1,v1=00")),
          }),
          async (input) => {
            const before = await fingerprint();
            const response = await send(route, input as Parameters<typeof send>[1]);
            const raw = await response.text();
            expect(response.status, `${route.name} answered ${response.status}: ${raw.slice(0, 300)}`).toBeLessThan(500);
            if (response.status >= 400) {
              const parsed = JSON.parse(raw) as { error?: { code?: unknown; message?: unknown } };
              expect(typeof parsed.error?.code).toBe("string");
              expect(typeof parsed.error?.message).toBe("string");
              expect(raw).not.toMatch(LEAKS);
              expect(await fingerprint(), `${route.name} changed state while answering ${response.status}`).toBe(before);
            } else if ((response.headers.get("content-type") ?? "").includes("json")) {
              expect(raw).not.toMatch(/\n\s+at |node_modules|PrismaClient/);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
