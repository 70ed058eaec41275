// The OpenAPI 3.1 description of the whole HTTP API (buyer and admin), served at GET
// /api/openapi.json. Request bodies and query strings are generated from the same zod schemas the
// route handlers parse with (z.toJSONSchema, the input side), so the description cannot drift from
// what is accepted; responses are described in words and by the shared error shape.
// test/api/openapi.test.ts walks app/api and fails when a route or method is missing here.
import { z } from "zod";
import { adminEventListSchema, auditListSchema, cancelEventSchema, createEventSchema, updateEventSchema } from "@/lib/validations/admin-events";
import { credentialsSchema, registerSchema } from "@/lib/validations/auth";
import { eventSearchQuerySchema } from "@/lib/validations/events";
import { bestAvailableBodySchema, cancelBodySchema, reserveBodySchema } from "@/lib/validations/holds";
import { checkoutBodySchema, confirmBodySchema } from "@/lib/validations/payments";
import { checkInBodySchema } from "@/lib/validations/tickets";
import { pageQuerySchema, roleChangeSchema } from "@/lib/validations/users";

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
  { path: "/api/events", method: "get", tag: "events", auth: "public", summary: "Search events (free text, type, location, dates, sorting, paging)", query: eventSearchQuerySchema },
  { path: "/api/events/types", method: "get", tag: "events", auth: "public", summary: "Event types" },
  { path: "/api/events/{event_id}", method: "get", tag: "events", auth: "public", summary: "An event with its classes and every ticket (drafts: 404)" },
  { path: "/api/events/{event_id}/seats", method: "get", tag: "events", auth: "public", summary: "Which ticket is on which seat, with class and price" },
  { path: "/api/events/{event_id}/availability", method: "get", tag: "events", auth: "public", summary: "Tickets that cannot be bought right now" },
  { path: "/api/events/{event_id}/stream", method: "get", tag: "events", auth: "public", summary: "Live availability (Server-Sent Events)", ok: { status: 200, description: "An event stream", contentType: "text/event-stream" } },
  { path: "/api/venues/{venue_id}/seat-map", method: "get", tag: "events", auth: "public", summary: "A venue's seating chart geometry" },
  { path: "/api/event-images/{name}", method: "get", tag: "events", auth: "public", summary: "An uploaded event image", ok: { status: 200, description: "The image", contentType: "image/*" } },
  // Holds
  { path: "/api/events/ticket/reserve", method: "post", tag: "holds", auth: "user", summary: "Hold seats, all or nothing", body: reserveBodySchema },
  { path: "/api/events/ticket/cancel", method: "post", tag: "holds", auth: "user", summary: "Release held seats, or cancel and refund bought tickets", body: cancelBodySchema },
  { path: "/api/events/{event_id}/best-available", method: "post", tag: "holds", auth: "user", summary: "Hold the best N adjacent seats of a class", body: bestAvailableBodySchema },
  { path: "/api/events/{event_id}/hold", method: "get", tag: "holds", auth: "user", summary: "The caller's live hold for the event" },
  // Waiting room
  { path: "/api/events/{event_id}/queue", method: "post", tag: "queue", auth: "user", summary: "Join the event's waiting room" },
  { path: "/api/events/{event_id}/queue", method: "get", tag: "queue", auth: "user", summary: "The caller's place in the waiting room" },
  { path: "/api/events/{event_id}/queue/progress", method: "get", tag: "queue", auth: "public", summary: "How far admission has got" },
  { path: "/api/events/{event_id}/queue/stream", method: "get", tag: "queue", auth: "user", summary: "The caller's place, live (Server-Sent Events)", ok: { status: 200, description: "An event stream", contentType: "text/event-stream" } },
  // Payments and tickets
  { path: "/api/checkout", method: "post", tag: "payments", auth: "user", summary: "Open a Stripe Checkout Session for a hold", body: checkoutBodySchema },
  { path: "/api/events/ticket/confirm", method: "post", tag: "payments", auth: "user", summary: "Confirm a payment (re-read from Stripe)", body: confirmBodySchema },
  { path: "/api/webhooks/stripe", method: "post", tag: "payments", auth: "stripe", summary: "Stripe webhooks (signed)", rawBody: { contentType: "application/json", description: "A Stripe event, verified with the Stripe-Signature header" } },
  { path: "/api/tickets/{order_item_id}/qr.svg", method: "get", tag: "tickets", auth: "user", summary: "An e-ticket's QR code", ok: { status: 200, description: "SVG", contentType: "image/svg+xml" } },
  { path: "/api/tickets/check-in", method: "post", tag: "tickets", auth: "user", summary: "Check an e-ticket in at the door (venue staff)", body: checkInBodySchema },
  // Accounts
  { path: "/api/auth/register", method: "post", tag: "accounts", auth: "public", summary: "Sign up", body: registerSchema, ok: { status: 201, description: "The new user" } },
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
  { path: "/api/admin/users", method: "get", tag: "admin: users", auth: "admin", summary: "The user directory", query: pageQuerySchema },
  { path: "/api/admin/users/{user_id}/role", method: "post", tag: "admin: users", auth: "admin", summary: "Change a user's role", body: roleChangeSchema },
  // Operations
  { path: "/api/health", method: "get", tag: "operations", auth: "public", summary: "Liveness and dependencies" },
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
