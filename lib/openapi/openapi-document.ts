// The OpenAPI 3.1 description of the whole HTTP API (buyer and admin), served at GET
// /api/openapi.json. Request bodies and query strings are generated from the same zod schemas the
// route handlers parse with (z.toJSONSchema, the input side), so the description cannot drift from
// what is accepted; responses are described in words and by the shared error shape.
// test/api/openapi.test.ts walks app/api and fails when a route or method is missing here.
import { z } from "zod";
import { adminEventListSchema, auditListSchema, cancelEventSchema, createEventSchema, updateEventSchema } from "@/lib/validations/admin-events";
import { orderSearchSchema, refundBodySchema, userSearchSchema, venueGrantSchema } from "@/lib/validations/admin-orders";
import { credentialsSchema, forgotPasswordSchema, registerSchema, resetPasswordSchema, verifyEmailSchema } from "@/lib/validations/auth";
import { notificationPreferenceSchema, pushSubscriptionSchema, pushUnsubscribeSchema, queueTurnAlertSchema } from "@/lib/validations/notifications";
import { moveChartVersionSchema, venueCreateSchema, venueUpdateSchema } from "@/lib/validations/venues";
import { changeWaitlistBodySchema, joinWaitlistBodySchema, waitlistSettingsBodySchema } from "@/lib/validations/waitlist";
import { eventSearchQuerySchema } from "@/lib/validations/events";
import { suggestQuerySchema } from "@/lib/validations/search";
import { bestAvailableBodySchema, cancelBodySchema, reserveRequestSchema } from "@/lib/validations/holds";
import { checkoutBodySchema, confirmBodySchema } from "@/lib/validations/payments";
import { checkInBodySchema, transferBodySchema } from "@/lib/validations/tickets";
import { roleChangeSchema } from "@/lib/validations/users";

type Method = "get" | "post" | "patch" | "put" | "delete";
type Auth = "public" | "user" | "admin" | "manager" | "cron" | "stripe";

type Operation = {
  path: string;
  method: Method;
  summary: string;
  tag: string;
  auth: Auth;
  body?: z.ZodType;
  /** A body that is not JSON (an image, a signed webhook). */
  rawBody?: { contentType: string; description: string };
  query?: z.ZodType;
  ok?: { status: number; description: string; contentType?: string };
};

const json = (schema: z.ZodType) => {
  const out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

const OPERATIONS: Operation[] = [
  // Events (public)
  { path: "/api/events", method: "get", tag: "events", auth: "public", summary: "Search events (ranked full-text with typo tolerance, type, location, dates, sorting, paging)", query: eventSearchQuerySchema },
  { path: "/api/events/types", method: "get", tag: "events", auth: "public", summary: "Event types" },
  { path: "/api/search/suggest", method: "get", tag: "events", auth: "public", summary: "Search-box suggestions: performers, venues and upcoming events for what was typed (prefixes, close spellings)", query: suggestQuerySchema },
  { path: "/api/events/{event_id}", method: "get", tag: "events", auth: "public", summary: "An event with its classes and every ticket (drafts: 404)" },
  { path: "/api/events/{event_id}/seats", method: "get", tag: "events", auth: "public", summary: "Which ticket is on which seat, with class and price" },
  { path: "/api/events/{event_id}/availability", method: "get", tag: "events", auth: "public", summary: "Tickets that cannot be bought right now" },
  { path: "/api/events/{event_id}/stream", method: "get", tag: "events", auth: "public", summary: "Live availability (Server-Sent Events)", ok: { status: 200, description: "An event stream", contentType: "text/event-stream" } },
  { path: "/api/venues/{venue_id}/seat-map", method: "get", tag: "events", auth: "public", summary: "A venue's seating chart geometry" },
  { path: "/api/event-images/{name}", method: "get", tag: "events", auth: "public", summary: "An uploaded event image", ok: { status: 200, description: "The image", contentType: "image/*" } },
  // Holds
  { path: "/api/events/ticket/reserve", method: "post", tag: "holds", auth: "user", summary: "Hold seats (ticket_ids), or general-admission places by quantity ({event_id, section_id, quantity}), all or nothing", body: reserveRequestSchema },
  { path: "/api/events/ticket/cancel", method: "post", tag: "holds", auth: "user", summary: "Release held seats, or cancel and refund bought tickets", body: cancelBodySchema },
  { path: "/api/events/{event_id}/best-available", method: "post", tag: "holds", auth: "user", summary: "Hold the best N adjacent seats of a class", body: bestAvailableBodySchema },
  { path: "/api/events/{event_id}/hold", method: "get", tag: "holds", auth: "user", summary: "The caller's live hold for the event" },
  // Waiting room
  { path: "/api/events/{event_id}/queue", method: "post", tag: "queue", auth: "user", summary: "Join the event's waiting room" },
  { path: "/api/events/{event_id}/queue", method: "get", tag: "queue", auth: "user", summary: "The caller's place in the waiting room" },
  { path: "/api/events/{event_id}/queue/progress", method: "get", tag: "queue", auth: "public", summary: "How far admission has got" },
  { path: "/api/events/{event_id}/queue/turn-alert", method: "put", tag: "queue", auth: "user", summary: "Ask to be told (email, push) when the waiting room admits the caller, or stop asking", body: queueTurnAlertSchema },
  { path: "/api/events/{event_id}/queue/stream", method: "get", tag: "queue", auth: "user", summary: "The caller's place, live (Server-Sent Events)", ok: { status: 200, description: "An event stream", contentType: "text/event-stream" } },
  // Waitlist
  { path: "/api/events/{event_id}/waitlist", method: "get", tag: "waitlist", auth: "user", summary: "The caller's waitlist entry, place and open offer" },
  { path: "/api/events/{event_id}/waitlist", method: "post", tag: "waitlist", auth: "user", summary: "Join a sold-out event's waitlist", body: joinWaitlistBodySchema, ok: { status: 201, description: "{entry}" } },
  { path: "/api/events/{event_id}/waitlist", method: "patch", tag: "waitlist", auth: "user", summary: "Change party size, classes or together", body: changeWaitlistBodySchema },
  { path: "/api/events/{event_id}/waitlist", method: "delete", tag: "waitlist", auth: "user", summary: "Leave the waitlist" },
  { path: "/api/events/{event_id}/waitlist/offer/decline", method: "post", tag: "waitlist", auth: "user", summary: "Decline the open offer (the seats go to the next fan at once)" },
  // Payments and tickets
  { path: "/api/checkout", method: "post", tag: "payments", auth: "user", summary: "Open a Stripe Checkout Session for a hold", body: checkoutBodySchema },
  { path: "/api/events/ticket/confirm", method: "post", tag: "payments", auth: "user", summary: "Confirm a payment (re-read from Stripe)", body: confirmBodySchema },
  { path: "/api/webhooks/stripe", method: "post", tag: "payments", auth: "stripe", summary: "Stripe webhooks (signed)", rawBody: { contentType: "application/json", description: "A Stripe event, verified with the Stripe-Signature header" } },
  { path: "/api/tickets/{order_item_id}/qr.svg", method: "get", tag: "tickets", auth: "user", summary: "An e-ticket's QR code", ok: { status: 200, description: "SVG", contentType: "image/svg+xml" } },
  { path: "/api/tickets/{order_item_id}/calendar.ics", method: "get", tag: "tickets", auth: "user", summary: "The ticket's event as an iCalendar file (its holder only)", ok: { status: 200, description: "iCalendar", contentType: "text/calendar" } },
  { path: "/api/tickets/{order_item_id}/transfer", method: "post", tag: "tickets", auth: "user", summary: "Send the ticket to another OpenSeat account by email (its holder only; the QR code is re-issued)", body: transferBodySchema },
  { path: "/api/tickets/check-in", method: "post", tag: "tickets", auth: "user", summary: "Check an e-ticket in at the door (venue staff)", body: checkInBodySchema },
  // Accounts
  { path: "/api/auth/register", method: "post", tag: "accounts", auth: "public", summary: "Sign up (the same answer whether or not the email has an account; its owner gets a mail)", body: registerSchema, ok: { status: 202, description: "Accepted: a verification mail (or, for a taken email, an account_exists mail) is on its way" } },
  { path: "/api/auth/password-reset/request", method: "post", tag: "accounts", auth: "public", summary: "Mail a password-reset link (the same answer for any email)", body: forgotPasswordSchema, ok: { status: 202, description: "Accepted" } },
  { path: "/api/auth/password-reset", method: "post", tag: "accounts", auth: "public", summary: "Set a new password with a mailed single-use token", body: resetPasswordSchema },
  { path: "/api/auth/verify-email", method: "post", tag: "accounts", auth: "public", summary: "Verify an email address with a mailed single-use token", body: verifyEmailSchema },
  { path: "/api/me/notifications", method: "get", tag: "accounts", auth: "user", summary: "The caller's messages, their delivery status and channel choices" },
  { path: "/api/me/notifications", method: "put", tag: "accounts", auth: "user", summary: "Choose a channel for a kind of message", body: notificationPreferenceSchema },
  { path: "/api/me/push-subscriptions", method: "get", tag: "accounts", auth: "user", summary: "Whether web push works here, the VAPID public key, and how many browsers the caller subscribed" },
  { path: "/api/me/push-subscriptions", method: "post", tag: "accounts", auth: "user", summary: "Subscribe this browser to the caller's push notifications (a PushSubscription's toJSON())", body: pushSubscriptionSchema, ok: { status: 201, description: "{subscriptions}" } },
  { path: "/api/me/push-subscriptions", method: "delete", tag: "accounts", auth: "user", summary: "Forget one of the caller's browsers", body: pushUnsubscribeSchema },
  { path: "/api/me/verification-email", method: "post", tag: "accounts", auth: "user", summary: "Send the verification mail again" },
  { path: "/api/notifications/unsubscribe", method: "post", tag: "accounts", auth: "public", summary: "One-click unsubscribe (RFC 8058): ?token= from the signed link of a mail turns that kind off" },
  { path: "/api/auth/token", method: "post", tag: "accounts", auth: "public", summary: "An API access token for email and password", body: credentialsSchema },
  { path: "/api/auth/{nextauth}", method: "get", tag: "accounts", auth: "public", summary: "Auth.js (sessions, sign-in pages, CSRF token)" },
  { path: "/api/auth/{nextauth}", method: "post", tag: "accounts", auth: "public", summary: "Auth.js (sign in and out with the session cookie)" },
  { path: "/api/me", method: "get", tag: "accounts", auth: "user", summary: "The caller" },
  { path: "/api/me/sign-out-everywhere", method: "post", tag: "accounts", auth: "user", summary: "End every session and token of the caller" },
  // Organizer: events
  { path: "/api/admin/events", method: "get", tag: "admin: events", auth: "manager", summary: "The events of the caller's venues", query: adminEventListSchema },
  { path: "/api/admin/events", method: "post", tag: "admin: events", auth: "manager", summary: "Create a draft event with its tickets", body: createEventSchema, ok: { status: 201, description: "{event}" } },
  { path: "/api/admin/events/{event_id}", method: "get", tag: "admin: events", auth: "manager", summary: "An event as the dashboard edits it" },
  { path: "/api/admin/events/{event_id}", method: "patch", tag: "admin: events", auth: "manager", summary: "Change an event (prices touch only tickets still for sale)", body: updateEventSchema },
  { path: "/api/admin/events/{event_id}/publish", method: "post", tag: "admin: events", auth: "manager", summary: "Publish a draft" },
  { path: "/api/admin/events/{event_id}/unpublish", method: "post", tag: "admin: events", auth: "manager", summary: "Back to draft (nothing held or sold)" },
  { path: "/api/admin/events/{event_id}/cancel", method: "post", tag: "admin: events", auth: "manager", summary: "Cancel the event and refund every paid order in the background", body: cancelEventSchema, ok: { status: 202, description: "{cancellation}: the refund job's progress" } },
  { path: "/api/admin/events/{event_id}/cancel", method: "get", tag: "admin: events", auth: "manager", summary: "The cancellation's refund progress" },
  { path: "/api/admin/events/{event_id}/audit", method: "get", tag: "admin: events", auth: "manager", summary: "The event's audit log, newest first", query: auditListSchema },
  { path: "/api/admin/events/images", method: "post", tag: "admin: events", auth: "manager", summary: "Upload an event image", rawBody: { contentType: "image/*", description: "The image's bytes (PNG, JPEG, WebP or GIF; the type is read from the bytes)" }, ok: { status: 201, description: "{image_url}" } },
  // Admin: users
  { path: "/api/admin/events/{event_id}/sales", method: "get", tag: "admin: sales", auth: "manager", summary: "Live sales figures (computed at most once a second per event)" },
  { path: "/api/admin/events/{event_id}/sales/stream", method: "get", tag: "admin: sales", auth: "manager", summary: "Live sales figures pushed as Server-Sent Events (`sales` when they change, `ping` every 15 s)", ok: { status: 200, description: "An event stream", contentType: "text/event-stream" } },
  { path: "/api/admin/events/{event_id}/sales/seats", method: "get", tag: "admin: sales", auth: "manager", summary: "Every seat's status, for the sales seat map" },
  { path: "/api/admin/events/{event_id}/sales/check-ins", method: "get", tag: "admin: sales", auth: "manager", summary: "Check-in counts (door staff too)" },
  { path: "/api/admin/events/{event_id}/sales/orders.csv", method: "get", tag: "admin: sales", auth: "manager", summary: "Orders as CSV", ok: { status: 200, description: "CSV", contentType: "text/csv" } },
  { path: "/api/admin/events/{event_id}/sales/attendees.csv", method: "get", tag: "admin: sales", auth: "manager", summary: "Attendees as CSV", ok: { status: 200, description: "CSV", contentType: "text/csv" } },
  { path: "/api/admin/events/{event_id}/waitlist", method: "get", tag: "admin: sales", auth: "manager", summary: "The waitlist, its demand and offers made/accepted/lapsed" },
  { path: "/api/admin/events/{event_id}/waitlist", method: "patch", tag: "admin: sales", auth: "manager", summary: "Waitlist settings (offer window, priority over the public)", body: waitlistSettingsBodySchema },
  { path: "/api/admin/events/{event_id}/chart-version", method: "post", tag: "admin: venues", auth: "manager", summary: "Move an unsold event to another chart version (checks every held or sold seat)", body: moveChartVersionSchema },
  { path: "/api/admin/orders", method: "get", tag: "admin: orders", auth: "manager", summary: "Search orders of the caller's venues", query: orderSearchSchema },
  { path: "/api/admin/orders/{order_id}", method: "get", tag: "admin: orders", auth: "manager", summary: "An order: tickets, payment, refunds, check-ins" },
  { path: "/api/admin/orders/{order_id}/refund", method: "post", tag: "admin: orders", auth: "manager", summary: "Refund a whole order, tickets or an amount (Idempotency-Key)", body: refundBodySchema },
  { path: "/api/admin/orders/{order_id}/resend", method: "post", tag: "admin: orders", auth: "manager", summary: "Mail the buyer their e-tickets again (clicks within a minute send one mail)", ok: { status: 202, description: "{order_id, queued}" } },
  { path: "/api/admin/venues", method: "get", tag: "admin: venues", auth: "manager", summary: "The caller's venues" },
  { path: "/api/admin/venues", method: "post", tag: "admin: venues", auth: "admin", summary: "Create a venue", body: venueCreateSchema, ok: { status: 201, description: "{venue}" } },
  { path: "/api/admin/venues/{venue_id}", method: "get", tag: "admin: venues", auth: "manager", summary: "A venue" },
  { path: "/api/admin/venues/{venue_id}", method: "patch", tag: "admin: venues", auth: "manager", summary: "Change a venue", body: venueUpdateSchema },
  { path: "/api/admin/venues/{venue_id}/chart/draft", method: "get", tag: "admin: venues", auth: "manager", summary: "The chart draft (a chart document, openseat.chart/1)" },
  { path: "/api/admin/venues/{venue_id}/chart/draft", method: "put", tag: "admin: venues", auth: "manager", summary: "Save the chart draft", rawBody: { contentType: "application/json", description: "A chart document (openseat.chart/1, docs/seat-maps.md)" } },
  { path: "/api/admin/venues/{venue_id}/chart/validate", method: "post", tag: "admin: venues", auth: "manager", summary: "Validate a chart document: problems with their paths", rawBody: { contentType: "application/json", description: "A chart document" } },
  { path: "/api/admin/venues/{venue_id}/chart/publish", method: "post", tag: "admin: venues", auth: "manager", summary: "Publish the draft as a new version" },
  { path: "/api/admin/venues/{venue_id}/chart/versions", method: "get", tag: "admin: venues", auth: "manager", summary: "The chart's versions" },
  { path: "/api/admin/venues/{venue_id}/chart/export", method: "get", tag: "admin: venues", auth: "manager", summary: "A version as a chart document (?version=)" },
  { path: "/api/admin/venues/{venue_id}/chart/import", method: "post", tag: "admin: venues", auth: "manager", summary: "Replace the draft with a chart document (4 MB at most)", rawBody: { contentType: "application/json", description: "A chart document" } },
  { path: "/api/admin/venues/{venue_id}/chart/preview", method: "get", tag: "admin: venues", auth: "manager", summary: "The draft as fans would see it (?part=map|seats|availability)" },
  { path: "/api/admin/users", method: "get", tag: "admin: users", auth: "admin", summary: "The user directory (search by q and role)", query: userSearchSchema },
  { path: "/api/admin/users/{user_id}/venues", method: "post", tag: "admin: users", auth: "admin", summary: "Grant venue admin or door staff for a venue", body: venueGrantSchema },
  { path: "/api/admin/users/{user_id}/venues", method: "delete", tag: "admin: users", auth: "admin", summary: "Revoke a venue grant", body: venueGrantSchema },
  { path: "/api/admin/users/{user_id}/role", method: "post", tag: "admin: users", auth: "admin", summary: "Change a user's role", body: roleChangeSchema },
  // Operations
  { path: "/api/health", method: "get", tag: "operations", auth: "public", summary: "Liveness and dependencies" },
  { path: "/api/health/ready", method: "get", tag: "operations", auth: "public", summary: "Readiness for load balancers: PostgreSQL and Redis answer, not shutting down (else 503)" },
  { path: "/api/cron/notifications", method: "get", tag: "operations", auth: "cron", summary: "Deliver due notifications from the outbox" },
  { path: "/api/cron/expire-holds", method: "get", tag: "operations", auth: "cron", summary: "One sweep: expire holds, reconcile payments, run event cancellations" },
  { path: "/api/openapi.json", method: "get", tag: "operations", auth: "public", summary: "This document" },
];

const SECURITY: Record<Auth, Record<string, string[]>[] | undefined> = {
  public: undefined,
  user: [{ bearer: [] }, { session: [] }],
  admin: [{ bearer: [] }, { session: [] }],
  manager: [{ bearer: [] }, { session: [] }],
  cron: [{ cron: [] }],
  stripe: [],
};

const AUTH_NOTE: Record<Auth, string> = {
  public: "",
  user: " Signed in (Bearer token or session cookie).",
  admin: " Admins only.",
  manager: " Venue admins of the event's venue, and admins.",
  cron: " Bearer CRON_SECRET.",
  stripe: " Stripe only (Stripe-Signature).",
};

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operation(op: Operation): Record<string, unknown> {
  const params = [...op.path.matchAll(/\{([a-z_]+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  if (op.query) {
    const schema = json(op.query) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {})) params.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: s as { type: string } } as never);
  }
  const ok = op.ok ?? { status: 200, description: "OK" };
  const out: Record<string, unknown> = {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: `${op.summary}.${AUTH_NOTE[op.auth]}`,
    tags: [op.tag],
    parameters: params,
    responses: {
      [ok.status]: { description: ok.description, content: { [ok.contentType ?? "application/json"]: {} } },
      "4XX": errorResponse("Bad input, not signed in, not allowed, not found or conflicting: the error's code says which"),
      "503": errorResponse("A dependency is down (Retry-After says when to try again)"),
    },
  };
  const security = SECURITY[op.auth];
  if (security) out.security = security;
  if (op.body) out.requestBody = { required: true, content: { "application/json": { schema: json(op.body) } } };
  if (op.rawBody) out.requestBody = { required: true, description: op.rawBody.description, content: { [op.rawBody.contentType]: { schema: { type: "string", contentMediaType: op.rawBody.contentType } } } };
  return out;
}

let cached: Record<string, unknown> | null = null;

/** The document (built once per process: the schemas do not change while it runs). */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "OpenSeat API",
      version: "1",
      description: "Event search, seat holds, checkout, e-tickets, the waiting room, and the organizer API. Errors are {\"error\": {\"code\", \"message\"}} with a 4xx status; a dependency that is down is a 503 with Retry-After.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/" }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An access token from POST /api/auth/token" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The browser's session cookie (__Secure-authjs.session-token over HTTPS)" },
        cron: { type: "http", scheme: "bearer", description: "CRON_SECRET" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, field: { type: "string" } }, additionalProperties: true } },
        },
      },
    },
  };
  return cached;
}

/** Every (path, method) described, for the completeness test. */
export const describedOperations = (): { path: string; method: string }[] => OPERATIONS.map((o) => ({ path: o.path, method: o.method.toUpperCase() }));
