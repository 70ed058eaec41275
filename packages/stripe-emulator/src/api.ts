// HTTP routing: Stripe's REST API under /v1 (auth, form-encoded params, idempotency keys, Stripe's
// error format), the hosted checkout page under /c/pay/:id, and the emulator's own admin routes
// under /_emulator (no auth; a development tool).
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  authenticationError,
  invalidRequest,
  serializeError,
  StripeApiError,
  unrecognizedUrl,
} from "./errors";
import { canonicalParams, parseParams, type ParamObject, type ParamValue } from "./form";
import { randomId } from "./ids";
import { renderCheckoutPage, renderNotice, renderSessionClosed, successUrlFor } from "./page";
import type { EmulatorEvent, EmulatorState, PayField, PayInput, RequestContext } from "./state";
import { checkKeys, readExpand } from "./validate";
import type { WebhookDispatcher } from "./webhooks";

/**
 * Every answer's `Server` header. Also the string the app's deploy check (scripts/vercel/check-output.ts)
 * looks for in function bundles: the emulator is dev/test/demo only and must never be bundled.
 */
export const EMULATOR_SERVER_HEADER = "openseat-stripe-emulator";

const MAX_BODY_BYTES = 1024 * 1024;

export interface AdminActions {
  advanceClock(seconds: number): number;
  reset(): void;
  setWebhookTarget(url: string | null): void;
}

export interface ApiContext {
  state: EmulatorState;
  webhooks: WebhookDispatcher;
  apiVersion: string;
  admin: AdminActions;
  log(line: string): void;
}

interface StoredResponse {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  createdAt: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function maskKey(key: string): string {
  if (key.length <= 12) return key;
  return `${key.slice(0, 8)}${"*".repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`;
}

/** The API key from `Authorization: Bearer sk_test_…` (or HTTP Basic with the key as user name). */
function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const [scheme, value = ""] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") return value;
  if (scheme?.toLowerCase() === "basic") return Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "";
  return "";
}

export function createRequestHandler(ctx: ApiContext): {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  clearIdempotencyKeys(): void;
} {
  const idempotency = new Map<string, StoredResponse>();

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    if (res.headersSent) return;
    res.writeHead(status, { "cache-control": "no-cache, no-store", server: EMULATOR_SERVER_HEADER, ...headers, "content-length": String(Buffer.byteLength(body)) });
    res.end(body);
  }

  function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    send(res, status, JSON.stringify(value, null, 2), { "content-type": "application/json", ...headers });
  }

  function sendHtml(res: ServerResponse, status: number, html: string): void {
    send(res, status, html, { "content-type": "text/html; charset=utf-8" });
  }

  /** Events as the API shows them: pending_webhooks reflects deliveries so far. */
  const renderEvent = (event: EmulatorEvent): EmulatorEvent => ({ ...event, pending_webhooks: ctx.webhooks.pendingWebhooks(event.id) });

  // ------------------------------------------------------------------ /v1

  function route(method: string, segments: string[], params: ParamObject, rc: RequestContext): unknown {
    const { state } = ctx;
    const retrieveOnly = () => checkKeys(params, { expand: "ok" });
    const [resource, id, action, extra] = segments;
    const is = (m: string, n: number) => method === m && segments.length === n;

    if (resource === "checkout" && id === "sessions") {
      const sessionId = action;
      const sub = extra;
      if (is("POST", 2)) return state.createSession(params);
      if (is("GET", 2)) return state.listSessions(params);
      if (sessionId && is("GET", 3)) {
        retrieveOnly();
        return state.getSession(sessionId, readExpand(params));
      }
      if (sessionId && sub === "line_items" && is("GET", 4)) return state.listLineItems(sessionId, params);
      if (sessionId && sub === "expire" && is("POST", 4)) {
        retrieveOnly();
        return state.expireSession(sessionId, rc, readExpand(params));
      }
      return undefined;
    }
    if (resource === "payment_intents") {
      if (is("GET", 1)) return state.listPaymentIntents(params);
      if (id && is("GET", 2)) {
        retrieveOnly();
        return state.getPaymentIntent(id, readExpand(params));
      }
      return undefined;
    }
    if (resource === "charges") {
      if (is("GET", 1)) return state.listCharges(params);
      if (id && is("GET", 2)) {
        retrieveOnly();
        return state.getCharge(id, readExpand(params));
      }
      return undefined;
    }
    if (resource === "refunds") {
      if (is("POST", 1)) return state.createRefund(params, rc);
      if (is("GET", 1)) return state.listRefunds(params);
      if (id && is("GET", 2)) {
        retrieveOnly();
        return state.getRefund(id, readExpand(params));
      }
      return undefined;
    }
    if (resource === "events") {
      if (is("GET", 1)) {
        const list = state.listEvents(params);
        return { ...list, data: list.data.map(renderEvent) };
      }
      if (id && is("GET", 2)) {
        retrieveOnly();
        return renderEvent(state.getEvent(id));
      }
      return undefined;
    }
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const requestId = randomId("req_", 14);
    const stripeVersion = (req.headers["stripe-version"] as string | undefined) ?? ctx.apiVersion;
    const idempotencyKey = method === "POST" ? ((req.headers["idempotency-key"] as string | undefined) ?? null) : null;
    const headers: Record<string, string> = { "request-id": requestId, "stripe-version": stripeVersion };
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    let status = 200;
    let body: string;
    let replayed = false;
    try {
      const key = apiKeyOf(req);
      if (key === null) {
        throw authenticationError(
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        );
      }
      if (!key.startsWith("sk_test_")) {
        throw authenticationError(
          key.startsWith("sk_live_")
            ? `Invalid API Key provided: ${maskKey(key)} (the OpenSeat Stripe emulator only accepts test keys, sk_test_…)`
            : `Invalid API Key provided: ${maskKey(key)}`,
        );
      }
      const raw = method === "POST" ? await readBody(req) : "";
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (raw && contentType && contentType !== "application/x-www-form-urlencoded") {
        throw invalidRequest(`Invalid request: unsupported Content-Type ${contentType}. Stripe's API takes application/x-www-form-urlencoded bodies.`);
      }
      const params: ParamObject = { ...parseParams(url.search), ...parseParams(raw) };
      const segments = url.pathname.replace(/^\/v1\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);

      const storeKey = idempotencyKey ? `${key}\u0000${idempotencyKey}` : null;
      const stored = storeKey ? idempotency.get(storeKey) : undefined;
      if (idempotencyKey && idempotencyKey.length > 255) {
        throw invalidRequest("Idempotency-Key must be at most 255 characters long.", undefined, "idempotency_key_too_long");
      }
      const fingerprint = canonicalParams(params as ParamValue);
      if (stored) {
        if (stored.method !== method || stored.path !== url.pathname) {
          throw new StripeApiError(400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.method} ${stored.path}' vs '${method} ${url.pathname}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          });
        }
        if (stored.params !== fingerprint) {
          throw new StripeApiError(400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          });
        }
        status = stored.status;
        body = stored.body;
        replayed = true;
        headers["idempotent-replayed"] = "true";
        headers["original-request"] = stored.requestId;
      } else {
        const result = route(method, segments, params, { requestId, idempotencyKey });
        if (result === undefined) throw unrecognizedUrl(method, url.pathname);
        body = JSON.stringify(result, null, 2);
        if (storeKey) {
          idempotency.set(storeKey, { method, path: url.pathname, params: fingerprint, status, body, requestId, createdAt: Date.now() });
          pruneIdempotency(idempotency);
        }
      }
    } catch (error) {
      if (error instanceof StripeApiError) {
        status = error.status;
        body = serializeError(error);
      } else if (error instanceof HttpError) {
        status = error.status;
        body = serializeError(invalidRequest(error.message));
      } else {
        ctx.log(`internal error on ${method} ${url.pathname}: ${error instanceof Error ? error.stack : String(error)}`);
        status = 500;
        body = serializeError(new StripeApiError(500, { type: "api_error", message: "An unknown error occurred in the OpenSeat Stripe emulator." }));
      }
    }
    ctx.log(`${method} ${url.pathname}${url.search} → ${status}${replayed ? " (idempotent replay)" : ""}`);
    send(res, status, body, { "content-type": "application/json", ...headers });
  }

  // ------------------------------------------------------------------ hosted page

  async function handlePage(req: IncomingMessage, res: ServerResponse, sessionId: string): Promise<void> {
    const { state } = ctx;
    const method = (req.method ?? "GET").toUpperCase();
    const session = state.peekSession(sessionId);
    if (!session) {
      sendHtml(res, 404, renderNotice("Checkout session not found", "There is no checkout session at this address."));
      return;
    }
    if (method === "GET" || method === "HEAD") {
      if (session.status !== "open") sendHtml(res, 200, renderSessionClosed(session));
      else sendHtml(res, 200, renderCheckoutPage({ session, lineItems: state.lineItemsOf(sessionId), now: state.clock.now() }));
      return;
    }
    if (method !== "POST") {
      send(res, 405, "Method Not Allowed", { allow: "GET, POST", "content-type": "text/plain" });
      return;
    }
    const form = parseParams(await readBody(req));
    const field = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
    const input: PayInput = {
      email: field("email"),
      card: field("cardNumber"),
      expiry: field("cardExpiry"),
      cvc: field("cardCvc"),
      name: field("billingName"),
    };
    const result = state.pay(sessionId, input);
    ctx.log(`checkout page ${sessionId}: ${result.outcome}`);
    const rerender = (status: number, error: { field: PayField | null; message: string }) =>
      sendHtml(
        res,
        status,
        renderCheckoutPage({
          session: result.session,
          lineItems: state.lineItemsOf(sessionId),
          now: state.clock.now(),
          error,
          values: { email: input.email, name: input.name, expiry: input.expiry },
        }),
      );
    switch (result.outcome) {
      case "succeeded":
      case "pending": {
        const target = successUrlFor(result.session);
        if (target) send(res, 303, "", { location: target });
        else sendHtml(res, 200, renderSessionClosed(result.session));
        return;
      }
      case "declined":
        rerender(402, { field: "card", message: result.error.message });
        return;
      case "invalid":
        rerender(400, { field: result.field, message: result.error.message });
        return;
      case "not_open":
        sendHtml(res, 200, renderSessionClosed(result.session));
        return;
    }
  }

  // ------------------------------------------------------------------ /_emulator

  async function readAdminBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readBody(req);
    if (!raw.trim()) return {};
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    if (type.includes("json") || raw.trim().startsWith("{")) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // fall through to the error below
      }
      throw new HttpError(400, "Invalid JSON body");
    }
    return parseParams(raw);
  }

  const bool = (value: unknown) => value === true || value === "true" || value === "1";
  const num = (value: unknown, name: string) => {
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
    if (!Number.isFinite(n)) throw new HttpError(400, `${name} must be a number`);
    return n;
  };
  const str = (value: unknown) => (typeof value === "string" ? value : undefined);

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { state, webhooks } = ctx;
    const method = (req.method ?? "GET").toUpperCase();
    const parts = url.pathname.replace(/^\/_emulator\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
    const path = parts.join("/");
    const body = method === "POST" ? await readAdminBody(req) : {};
    const q = url.searchParams;
    const ok = (value: unknown, status = 200) => sendJson(res, status, value);

    if (method === "GET" && path === "health") return ok({ ok: true, now: state.clock.now() });
    if (method === "GET" && path === "events") {
      const type = q.get("type") ?? undefined;
      return ok({ data: state.allEvents(type).map((e) => ({ ...renderEvent(e), delivery: webhooks.status(e.id) })) });
    }
    if (method === "GET" && path === "deliveries") return ok({ data: webhooks.deliveries(q.get("event") ?? undefined) });
    if (method === "GET" && path === "sessions") return ok({ data: state.allSessions() });
    if (method === "GET" && path === "clock") return ok({ now: state.clock.now(), offset_seconds: state.clock.offsetMs / 1000 });
    if (method === "GET" && path === "webhooks") {
      return ok({ paused: webhooks.isPaused, deliver_nothing: webhooks.deliverNothing, has_target: webhooks.hasTarget() });
    }
    if (method === "POST") {
      if (path === "clock/advance") {
        const now = ctx.admin.advanceClock(num(body.seconds, "seconds"));
        return ok({ now, offset_seconds: state.clock.offsetMs / 1000 });
      }
      if (path === "webhooks/pause") {
        webhooks.pause();
        return ok({ paused: true });
      }
      if (path === "webhooks/resume") {
        webhooks.resume({ shuffle: bool(body.shuffle) || body.order === "shuffle" });
        return ok({ paused: false });
      }
      if (path === "webhooks/deliver-nothing") {
        const on = body.enabled === undefined ? true : bool(body.enabled);
        webhooks.setDeliverNothing(on);
        return ok({ deliver_nothing: on });
      }
      if (path === "webhooks/target") {
        const target = str(body.url) ?? null;
        if (target !== null) {
          try {
            new URL(target);
          } catch {
            throw new HttpError(400, "url must be an absolute URL");
          }
        }
        ctx.admin.setWebhookTarget(target);
        return ok({ target });
      }
      if (path === "wait-for-idle") {
        await webhooks.waitForIdle(body.timeout_ms === undefined ? 10_000 : num(body.timeout_ms, "timeout_ms"));
        return ok({ idle: true });
      }
      if (path === "reset") {
        ctx.admin.reset();
        return ok({ reset: true });
      }
      if (parts[0] === "events" && parts[1] && parts[2] === "redeliver" && parts.length === 3) {
        state.getEvent(parts[1]); // 404 in Stripe's format when unknown
        const attempts = await webhooks.redeliver(parts[1], {
          times: body.times === undefined ? 1 : num(body.times, "times"),
          concurrent: bool(body.concurrent),
        });
        return ok({ data: attempts });
      }
      if (parts[0] === "checkout" && parts[1] === "sessions" && parts[2] && parts.length === 4) {
        const sessionId = parts[2];
        if (parts[3] === "pay") {
          const card = str(body.card);
          if (!card) throw new HttpError(400, "card is required (e.g. 4242424242424242)");
          const asyncMode = str(body.async);
          if (asyncMode !== undefined && asyncMode !== "pending") throw new HttpError(400, 'async must be "pending"');
          const result = state.pay(sessionId, {
            card,
            email: str(body.email),
            expiry: str(body.expiry),
            cvc: str(body.cvc),
            name: str(body.name),
            async: asyncMode,
          });
          const status = result.outcome === "declined" ? 402 : result.outcome === "invalid" ? 400 : result.outcome === "not_open" ? 409 : 200;
          return ok(result, status);
        }
        if (parts[3] === "async") {
          const outcome = str(body.outcome);
          if (outcome !== "succeeded" && outcome !== "failed") throw new HttpError(400, 'outcome must be "succeeded" or "failed"');
          return ok(state.completeAsync(sessionId, outcome));
        }
        if (parts[3] === "expire") return ok(state.expireSession(sessionId, { requestId: null, idempotencyKey: null }));
      }
    }
    throw unrecognizedUrl(method, url.pathname);
  }

  function index(res: ServerResponse): void {
    sendHtml(
      res,
      200,
      renderNotice(
        "OpenSeat Stripe test emulator",
        "A local stand-in for the parts of Stripe's API that OpenSeat uses (Checkout Sessions, PaymentIntents, Charges, Refunds, Events, signed webhooks). See the README of @openseat/stripe-emulator.",
      ),
    );
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const run = async () => {
      if (url.pathname === "/v1" || url.pathname.startsWith("/v1/")) return handleApi(req, res, url);
      const page = /^\/c\/pay\/([^/]+)\/?$/.exec(url.pathname);
      if (page?.[1]) return handlePage(req, res, decodeURIComponent(page[1]));
      if (url.pathname.startsWith("/_emulator")) return handleAdmin(req, res, url);
      if (url.pathname === "/" && (req.method === "GET" || req.method === "HEAD")) return index(res);
      throw unrecognizedUrl((req.method ?? "GET").toUpperCase(), url.pathname);
    };
    run().catch((error: unknown) => {
      if (error instanceof StripeApiError) {
        send(res, error.status, serializeError(error), { "content-type": "application/json" });
      } else if (error instanceof HttpError) {
        sendJson(res, error.status, { error: { type: "invalid_request_error", message: error.message } });
      } else {
        ctx.log(`internal error on ${req.method} ${url.pathname}: ${error instanceof Error ? error.stack : String(error)}`);
        sendJson(res, 500, { error: { type: "api_error", message: "An unknown error occurred in the OpenSeat Stripe emulator." } });
      }
    });
  };
  return { handler, clearIdempotencyKeys: () => idempotency.clear() };
}

/** Stripe keeps idempotency keys for 24 hours; the emulator keeps the newest 10,000. */
function pruneIdempotency(store: Map<string, StoredResponse>): void {
  const cutoff = Date.now() - 24 * 3600 * 1000;
  for (const [key, value] of store) {
    if (store.size <= 10_000 && value.createdAt >= cutoff) break;
    store.delete(key);
  }
}

