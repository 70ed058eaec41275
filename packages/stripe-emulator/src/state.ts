// The emulator's state and rules: Checkout Sessions, PaymentIntents, Charges, Refunds, Events.
// No HTTP here: the API layer (api.ts) parses requests and calls these methods; every state change
// that Stripe would announce emits an event through `hooks.onEvent` (webhooks.ts delivers them).
// The objects' shapes are in objects.ts.
import { invalidRequest, missingParam, resourceMissing } from "./errors";
import type { ParamObject } from "./form";
import { Clock, newSessionId, randomId } from "./ids";
import { paginate, readCreatedFilter } from "./lists";
import { parseSessionCreateParams } from "./session-params";
import {
  chargeObject,
  checkoutSessionObject,
  customerDetails,
  paymentIntentObject,
  paymentMethodObject,
  refundObject,
  TEST_CARDS,
  type ApiList,
  type CardDecline,
  type CardInfo,
  type Charge,
  type EmulatorEvent,
  type LineItem,
  type PaymentIntent,
  type Price,
  type Product,
  type Refund,
  type Session,
} from "./objects";
import { formatAmount } from "./money";
import {
  checkKeys,
  isEmail,
  readBoolean,
  readEnum,
  readExpand,
  readInteger,
  readMetadata,
  readObject,
  readOptionalNonEmpty,
  readString,
  readStringList,
  type KeyRules,
} from "./validate";

export type { ApiList, Charge, EmulatorEvent, LineItem, PaymentIntent, Price, Product, Refund, Session } from "./objects";
export { DEFAULT_API_VERSION, TEST_CARDS } from "./objects";

/** Who caused a change: an API request (its id and idempotency key) or nobody (page, timer, admin). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}
export const NO_REQUEST: RequestContext = { requestId: null, idempotencyKey: null };

interface SessionRecord {
  session: Session;
  lineItems: LineItem[];
  paymentIntentData: { metadata: Record<string, string>; description: string | null; receiptEmail: string | null };
  /** The card of a payment still `processing` (async), charged when it settles. */
  pendingCard: CardInfo | null;
}

export interface PayInput {
  /** Card number; spaces and dashes are ignored. */
  card: string;
  /** "MM / YY" (or MM/YYYY); defaults to a date a few years ahead. */
  expiry?: string;
  /** 3-4 digits; defaults to "123". */
  cvc?: string;
  /** Name on card; undefined means "not asked", "" is refused. */
  name?: string;
  /** Defaults to the session's customer_email, else customer@example.com. */
  email?: string;
  /** "pending": the payment stays `processing` (session complete but unpaid) until completeAsync. */
  async?: "pending";
}

export type PayField = "email" | "card" | "expiry" | "cvc" | "name";

export type PayResult =
  | { outcome: "succeeded" | "pending"; session: Session; payment_intent: PaymentIntent; charge: Charge | null }
  | {
      outcome: "declined";
      session: Session;
      payment_intent: PaymentIntent;
      charge: Charge;
      error: { type: "card_error"; code: "card_declined"; decline_code: string; message: string };
    }
  | { outcome: "invalid"; session: Session; field: PayField; error: { type: "card_error" | "invalid_request_error"; code: string; message: string } }
  | { outcome: "not_open"; session: Session; status: "expired" | "complete" };

export interface StateHooks {
  onEvent(event: EmulatorEvent): void;
  onChange(): void;
  /** How many webhook endpoints an event created now will be sent to (0 or 1). */
  webhookEndpoints(): number;
  /** Stripe's `pending_webhooks` of an event now (endpoints that have not acknowledged it). */
  pendingWebhooks(eventId: string): number;
  publicUrl(): string;
  apiVersion: string;
  /** The wall clock under the emulator's clock (Date.now unless a test injects one). */
  wallClockMs?: () => number;
}

const clone = <T>(value: T): T => structuredClone(value);

const REFUND_CREATE_KEYS: KeyRules = {
  amount: "ok", charge: "ok", payment_intent: "ok", reason: "ok", metadata: "ok", expand: "ok", instructions_email: "ok",
  currency: "unsupported", customer: "unsupported", origin: "unsupported", refund_application_fee: "unsupported",
  reverse_transfer: "unsupported",
};

/** Which fields hold an expandable id, per object type (as in Stripe's API reference). */
const EXPANDABLE: Record<string, string[]> = {
  "checkout.session": ["payment_intent", "line_items", "customer", "invoice", "payment_link", "setup_intent", "subscription"],
  payment_intent: ["latest_charge", "payment_method", "customer", "application", "on_behalf_of", "review", "source"],
  charge: ["payment_intent", "balance_transaction", "customer", "application", "application_fee", "on_behalf_of", "review", "source_transfer", "transfer", "failure_balance_transaction"],
  refund: ["charge", "payment_intent", "balance_transaction", "payment_method", "failure_balance_transaction", "source_transfer_reversal", "transfer_reversal"],
  item: ["price"],
  price: ["product"],
};

const OBJECT_NAMES: Record<string, string> = {
  cs_: "checkout.session",
  pi_: "payment_intent",
  ch_: "charge",
  re_: "refund",
  evt_: "event",
  price_: "price",
  prod_: "product",
};

export interface SerializedState {
  version: 1;
  clockOffsetMs: number;
  sequence: number;
  sessions: SessionRecord[];
  paymentIntents: PaymentIntent[];
  charges: Charge[];
  refunds: Refund[];
  events: EmulatorEvent[];
  products: Product[];
  prices: Price[];
  order: Record<string, number>;
}

export class EmulatorState {
  readonly clock: Clock;
  private sessionsById = new Map<string, SessionRecord>();
  private paymentIntents = new Map<string, PaymentIntent>();
  private charges = new Map<string, Charge>();
  private refunds = new Map<string, Refund>();
  private eventsById = new Map<string, EmulatorEvent>();
  private products = new Map<string, Product>();
  private prices = new Map<string, Price>();
  /** Creation order, to sort objects created in the same second. */
  private order = new Map<string, number>();
  private sequence = 0;

  constructor(private readonly hooks: StateHooks) {
    this.clock = new Clock(hooks.wallClockMs);
  }

  // ---------------------------------------------------------------- bookkeeping

  private remember(id: string): void {
    this.order.set(id, ++this.sequence);
  }

  private emit(type: string, object: object, ctx: RequestContext, previous?: Record<string, unknown>): EmulatorEvent {
    const event: EmulatorEvent = {
      id: randomId("evt_"),
      object: "event",
      api_version: this.hooks.apiVersion,
      created: this.clock.now(),
      data: { object: clone(object) as Record<string, unknown>, ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: this.hooks.webhookEndpoints(),
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    this.eventsById.set(event.id, event);
    this.remember(event.id);
    this.hooks.onEvent(event);
    return event;
  }

  private changed(): void {
    this.hooks.onChange();
  }

  // ---------------------------------------------------------------- checkout sessions

  /** Stripe sends no event for a created Checkout Session. */
  createSession(params: ParamObject): Session {
    const now = this.clock.now();
    const p = parseSessionCreateParams(params, now);
    const id = newSessionId();
    const session = checkoutSessionObject({ ...p.fields, id, created: now, url: `${this.hooks.publicUrl()}/c/pay/${id}` });
    for (const li of p.lineItems) {
      this.products.set(li.product.id, li.product);
      this.remember(li.product.id);
      this.prices.set(li.item.price.id, li.item.price);
      this.remember(li.item.price.id);
    }
    const lineItems = p.lineItems.map((li) => li.item);
    this.sessionsById.set(id, { session, lineItems, paymentIntentData: p.paymentIntentData, pendingCard: null });
    this.remember(id);
    this.changed();
    return this.expand(clone(session), p.expand);
  }

  private record(id: string, param = "session"): SessionRecord {
    const rec = this.sessionsById.get(id);
    if (!rec) throw resourceMissing("checkout.session", id, param);
    this.expireIfDue(rec);
    return rec;
  }

  getSession(id: string, expand: string[] = []): Session {
    return this.expand(clone(this.record(id).session), expand);
  }

  /** The session without expansion and without the lazy expiry check (for the hosted page). */
  peekSession(id: string): Session | null {
    const rec = this.sessionsById.get(id);
    if (!rec) return null;
    this.expireIfDue(rec);
    return clone(rec.session);
  }

  lineItemsOf(id: string): LineItem[] {
    return clone(this.record(id).lineItems);
  }

  listLineItems(id: string, params: ParamObject): ApiList<LineItem> {
    checkKeys(params, { limit: "ok", starting_after: "ok", ending_before: "ok", expand: "ok" });
    const rec = this.record(id);
    // Line items are listed in the order they were given (Stripe does the same).
    const list = paginate(clone(rec.lineItems), params, `/v1/checkout/sessions/${id}/line_items`, "item");
    return this.expand(list, readExpand(params));
  }

  listSessions(params: ParamObject): ApiList<Session> {
    checkKeys(params, {
      limit: "ok", starting_after: "ok", ending_before: "ok", created: "ok", status: "ok", payment_intent: "ok", expand: "ok",
      customer_details: "ok", customer: "unsupported", customer_account: "unsupported", payment_link: "unsupported", subscription: "unsupported",
    });
    this.sweepExpired();
    const status = readEnum(params, "status", "status", ["open", "complete", "expired"] as const);
    const pi = readString(params, "payment_intent", "payment_intent");
    const customerDetails = readObject(params, "customer_details", "customer_details");
    if (customerDetails) checkKeys(customerDetails, { email: "ok" }, "customer_details");
    const email = customerDetails ? readString(customerDetails, "email", "customer_details[email]") : undefined;
    const created = readCreatedFilter(params);
    let items = [...this.sessionsById.values()].map((r) => r.session);
    if (status) items = items.filter((s) => s.status === status);
    if (pi !== undefined) items = items.filter((s) => s.payment_intent === pi);
    if (email !== undefined) items = items.filter((s) => s.customer_details?.email === email);
    items = items.filter((s) => created(s.created));
    const list = paginate(this.newestFirst(items).map(clone), params, "/v1/checkout/sessions", "checkout.session");
    return this.expand(list, readExpand(params));
  }

  allSessions(): Session[] {
    this.sweepExpired();
    return [...this.sessionsById.values()].map((r) => clone(r.session));
  }

  expireSession(id: string, ctx: RequestContext, expand: string[] = []): Session {
    const rec = this.record(id);
    if (rec.session.status !== "open") {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${rec.session.status}".`,
        "session",
      );
    }
    this.doExpire(rec, ctx);
    return this.expand(clone(rec.session), expand);
  }

  private expireIfDue(rec: SessionRecord): void {
    if (rec.session.status === "open" && this.clock.now() >= rec.session.expires_at) this.doExpire(rec, NO_REQUEST);
  }

  private doExpire(rec: SessionRecord, ctx: RequestContext): void {
    const s = rec.session;
    s.status = "expired";
    s.url = null;
    const pi = s.payment_intent ? this.paymentIntents.get(s.payment_intent as string) : undefined;
    if (pi && pi.status === "requires_payment_method") {
      // Stripe cancels the PaymentIntent of an abandoned Checkout Session.
      pi.status = "canceled";
      pi.canceled_at = this.clock.now();
      pi.cancellation_reason = "abandoned";
      this.emit("payment_intent.canceled", pi, ctx);
    }
    this.emit("checkout.session.expired", s, ctx);
    this.changed();
  }

  /** Expires every open session whose expires_at has passed (the sweep timer calls it). */
  sweepExpired(): number {
    let count = 0;
    const now = this.clock.now();
    for (const rec of this.sessionsById.values()) {
      if (rec.session.status === "open" && now >= rec.session.expires_at) {
        this.doExpire(rec, NO_REQUEST);
        count++;
      }
    }
    return count;
  }

  // ---------------------------------------------------------------- paying

  pay(sessionId: string, input: PayInput, ctx: RequestContext = NO_REQUEST): PayResult {
    const rec = this.record(sessionId);
    const s = rec.session;
    if (s.status !== "open") return { outcome: "not_open", session: clone(s), status: s.status === "expired" ? "expired" : "complete" };

    const invalid = (field: PayField, code: string, message: string, type: "card_error" | "invalid_request_error" = "card_error"): PayResult => ({
      outcome: "invalid",
      session: clone(s),
      field,
      error: { type, code, message },
    });

    const email = (input.email ?? s.customer_email ?? "customer@example.com").trim();
    if (!email) return invalid("email", "email_invalid", "Enter your email address.", "invalid_request_error");
    if (!isEmail(email)) return invalid("email", "email_invalid", "Your email address is invalid.", "invalid_request_error");

    const number = input.card.replace(/[\s-]/g, "");
    const testCard = TEST_CARDS[number];
    if (!testCard) return invalid("card", "incorrect_number", "Your card number is incorrect.");

    const today = new Date(this.clock.nowMs());
    let expMonth = 12;
    let expYear = today.getUTCFullYear() + 5;
    if (input.expiry !== undefined) {
      const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
      if (!m) return invalid("expiry", "invalid_expiry_month", "Your card's expiration date is incomplete.");
      expMonth = Number(m[1]);
      expYear = Number(m[2]);
      if (expYear < 100) expYear += 2000;
      if (expMonth < 1 || expMonth > 12) return invalid("expiry", "invalid_expiry_month", "Your card's expiration month is invalid.");
      const currentYear = today.getUTCFullYear();
      const currentMonth = today.getUTCMonth() + 1;
      if (expYear < currentYear) return invalid("expiry", "invalid_expiry_year", "Your card's expiration year is in the past.");
      if (expYear === currentYear && expMonth < currentMonth) {
        return invalid("expiry", "invalid_expiry_month", "Your card's expiration date is in the past.");
      }
    }
    const cvc = (input.cvc ?? "123").trim();
    if (!/^\d{3,4}$/.test(cvc)) return invalid("cvc", "invalid_cvc", "Your card's security code is incomplete.");
    let name: string | null = null;
    if (input.name !== undefined) {
      name = input.name.trim();
      if (!name) return invalid("name", "parameter_missing", "Enter the name on your card.", "invalid_request_error");
    }

    const card: CardInfo = {
      paymentMethodId: randomId("pm_"),
      brand: testCard.brand,
      last4: number.slice(-4),
      expMonth,
      expYear,
      name,
      email,
      fingerprint: `fp${number.slice(-6)}emu`,
    };
    const pi = this.ensurePaymentIntent(rec, ctx);

    if (testCard.decline) {
      const charge = this.recordFailedCharge(pi, card, testCard.decline, ctx);
      this.changed();
      return {
        outcome: "declined",
        session: clone(s),
        payment_intent: clone(pi),
        charge: clone(charge),
        error: { type: "card_error", code: "card_declined", decline_code: testCard.decline.code, message: testCard.decline.message },
      };
    }

    s.customer_details = customerDetails(card);
    s.status = "complete";
    s.url = null;
    if (input.async === "pending") {
      pi.status = "processing";
      pi.payment_method = card.paymentMethodId;
      pi.last_payment_error = null;
      pi.processing = { type: "card", card: {} };
      rec.pendingCard = card;
      this.emit("payment_intent.processing", pi, ctx);
      this.emit("checkout.session.completed", s, ctx);
      this.changed();
      return { outcome: "pending", session: clone(s), payment_intent: clone(pi), charge: null };
    }
    const charge = this.recordSucceededCharge(pi, card, ctx);
    s.payment_status = "paid";
    this.emit("checkout.session.completed", s, ctx);
    this.changed();
    return { outcome: "succeeded", session: clone(s), payment_intent: clone(pi), charge: clone(charge) };
  }

  /** Settles a payment left `processing` by pay(…, {async: "pending"}). */
  completeAsync(sessionId: string, outcome: "succeeded" | "failed"): Session {
    const rec = this.record(sessionId);
    const s = rec.session;
    const pi = s.payment_intent ? this.paymentIntents.get(s.payment_intent as string) : undefined;
    if (!rec.pendingCard || !pi || pi.status !== "processing") {
      throw invalidRequest(`Checkout Session ${sessionId} has no payment in processing (pay it with async: "pending" first).`, "session");
    }
    const card = rec.pendingCard;
    rec.pendingCard = null;
    if (outcome === "succeeded") {
      this.recordSucceededCharge(pi, card, NO_REQUEST);
      s.payment_status = "paid";
      this.emit("checkout.session.async_payment_succeeded", s, NO_REQUEST);
    } else {
      this.recordFailedCharge(pi, card, { code: "generic_decline", message: "Your card was declined." }, NO_REQUEST);
      this.emit("checkout.session.async_payment_failed", s, NO_REQUEST);
    }
    this.changed();
    return clone(s);
  }

  private ensurePaymentIntent(rec: SessionRecord, ctx: RequestContext): PaymentIntent {
    const s = rec.session;
    const existing = s.payment_intent ? this.paymentIntents.get(s.payment_intent as string) : undefined;
    if (existing) return existing;
    const pi = paymentIntentObject({
      amount: s.amount_total ?? 0,
      currency: s.currency ?? "usd",
      created: this.clock.now(),
      description: rec.paymentIntentData.description,
      metadata: rec.paymentIntentData.metadata,
      receiptEmail: rec.paymentIntentData.receiptEmail,
    });
    this.paymentIntents.set(pi.id, pi);
    this.remember(pi.id);
    s.payment_intent = pi.id;
    this.emit("payment_intent.created", pi, ctx);
    return pi;
  }

  private recordSucceededCharge(pi: PaymentIntent, card: CardInfo, ctx: RequestContext): Charge {
    const charge = chargeObject(pi, card, this.clock.now(), true);
    this.charges.set(charge.id, charge);
    this.remember(charge.id);
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.latest_charge = charge.id;
    pi.payment_method = card.paymentMethodId;
    pi.last_payment_error = null;
    pi.processing = null;
    this.emit("charge.succeeded", charge, ctx);
    this.emit("payment_intent.succeeded", pi, ctx);
    return charge;
  }

  private recordFailedCharge(pi: PaymentIntent, card: CardInfo, decline: CardDecline, ctx: RequestContext): Charge {
    const charge = chargeObject(pi, card, this.clock.now(), false, decline);
    this.charges.set(charge.id, charge);
    this.remember(charge.id);
    pi.status = "requires_payment_method";
    pi.latest_charge = charge.id;
    pi.payment_method = null;
    pi.processing = null;
    pi.last_payment_error = {
      advice_code: charge.outcome?.advice_code ?? undefined,
      charge: charge.id,
      code: "card_declined",
      decline_code: decline.code,
      doc_url: "https://stripe.com/docs/error-codes/card-declined",
      message: decline.message,
      payment_method: paymentMethodObject(card, charge.created),
      type: "card_error",
    };
    this.emit("charge.failed", charge, ctx);
    this.emit("payment_intent.payment_failed", pi, ctx);
    return charge;
  }

  // ---------------------------------------------------------------- payment intents, charges

  getPaymentIntent(id: string, expand: string[] = []): PaymentIntent {
    const pi = this.paymentIntents.get(id);
    if (!pi) throw resourceMissing("payment_intent", id, "intent");
    return this.expand(clone(pi), expand);
  }

  listPaymentIntents(params: ParamObject): ApiList<PaymentIntent> {
    checkKeys(params, { limit: "ok", starting_after: "ok", ending_before: "ok", created: "ok", expand: "ok", customer: "unsupported", customer_account: "unsupported" });
    const created = readCreatedFilter(params);
    const items = this.newestFirst([...this.paymentIntents.values()].filter((p) => created(p.created)));
    return this.expand(paginate(items.map(clone), params, "/v1/payment_intents", "payment_intent"), readExpand(params));
  }

  getCharge(id: string, expand: string[] = []): Charge {
    const charge = this.charges.get(id);
    if (!charge) throw resourceMissing("charge", id, "id");
    return this.expand(clone(charge), expand);
  }

  listCharges(params: ParamObject): ApiList<Charge> {
    checkKeys(params, { limit: "ok", starting_after: "ok", ending_before: "ok", created: "ok", expand: "ok", payment_intent: "ok", customer: "unsupported", transfer_group: "unsupported" });
    const created = readCreatedFilter(params);
    const pi = readString(params, "payment_intent", "payment_intent");
    let items = [...this.charges.values()].filter((c) => created(c.created));
    if (pi !== undefined) items = items.filter((c) => c.payment_intent === pi);
    return this.expand(paginate(this.newestFirst(items).map(clone), params, "/v1/charges", "charge"), readExpand(params));
  }

  // ---------------------------------------------------------------- refunds

  createRefund(params: ParamObject, ctx: RequestContext): Refund {
    checkKeys(params, REFUND_CREATE_KEYS);
    const piId = readOptionalNonEmpty(params, "payment_intent", "payment_intent");
    const chargeId = readOptionalNonEmpty(params, "charge", "charge");
    if (piId === undefined && chargeId === undefined) {
      throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", "payment_intent", "parameter_missing");
    }
    let charge: Charge | undefined;
    if (chargeId !== undefined) {
      charge = this.charges.get(chargeId);
      if (!charge) throw invalidRequest(`No such charge: '${chargeId}'`, "charge", "resource_missing");
      if (piId !== undefined && charge.payment_intent !== piId) {
        throw invalidRequest(`The charge ${chargeId} does not belong to the PaymentIntent ${piId}.`, "charge");
      }
    } else if (piId !== undefined) {
      const pi = this.paymentIntents.get(piId);
      if (!pi) throw invalidRequest(`No such payment_intent: '${piId}'`, "payment_intent", "resource_missing");
      const latest = pi.latest_charge ? this.charges.get(pi.latest_charge as string) : undefined;
      if (pi.status !== "succeeded" || !latest || latest.status !== "succeeded") {
        throw invalidRequest(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, "payment_intent");
      }
      charge = latest;
    }
    if (!charge) throw missingParam("charge");
    if (charge.status !== "succeeded") {
      throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, "charge");
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, "charge", "charge_already_refunded");
    const amountParam = readInteger(params, "amount", "amount", { min: 1 });
    const amount = amountParam ?? remaining;
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        "amount",
        "amount_too_large",
      );
    }
    const reason = readEnum(params, "reason", "reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null;
    const metadata = readMetadata(params, "metadata", "metadata") ?? {};
    const expand = readExpand(params);

    const refund = refundObject({ charge, amount, created: this.clock.now(), reason, metadata });
    this.refunds.set(refund.id, refund);
    this.remember(refund.id);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    this.emit("charge.refunded", charge, ctx, previous);
    this.emit("refund.created", refund, ctx);
    this.changed();
    return this.expand(clone(refund), expand);
  }

  getRefund(id: string, expand: string[] = []): Refund {
    const refund = this.refunds.get(id);
    if (!refund) throw resourceMissing("refund", id, "id");
    return this.expand(clone(refund), expand);
  }

  listRefunds(params: ParamObject): ApiList<Refund> {
    checkKeys(params, { limit: "ok", starting_after: "ok", ending_before: "ok", created: "ok", expand: "ok", payment_intent: "ok", charge: "ok" });
    const created = readCreatedFilter(params);
    const pi = readString(params, "payment_intent", "payment_intent");
    const charge = readString(params, "charge", "charge");
    let items = [...this.refunds.values()].filter((r) => created(r.created));
    if (pi !== undefined) items = items.filter((r) => r.payment_intent === pi);
    if (charge !== undefined) items = items.filter((r) => r.charge === charge);
    return this.expand(paginate(this.newestFirst(items).map(clone), params, "/v1/refunds", "refund"), readExpand(params));
  }

  // ---------------------------------------------------------------- events

  getEvent(id: string): EmulatorEvent {
    const event = this.eventsById.get(id);
    if (!event) throw resourceMissing("event", id, "id");
    return clone(event);
  }

  /** Oldest first. */
  allEvents(type?: string): EmulatorEvent[] {
    const all = [...this.eventsById.values()];
    return clone(type ? all.filter((e) => e.type === type) : all);
  }

  listEvents(params: ParamObject): ApiList<EmulatorEvent> {
    checkKeys(params, { limit: "ok", starting_after: "ok", ending_before: "ok", created: "ok", type: "ok", types: "ok", delivery_success: "ok", expand: "ok" });
    const created = readCreatedFilter(params);
    const type = readString(params, "type", "type");
    const types = readStringList(params, "types", "types");
    const deliverySuccess = readBoolean(params, "delivery_success", "delivery_success");
    const matches = (pattern: string, value: string) =>
      pattern.endsWith("*") ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
    let items = [...this.eventsById.values()].filter((e) => created(e.created));
    if (type !== undefined) items = items.filter((e) => matches(type, e.type));
    if (types !== undefined) items = items.filter((e) => types.some((t) => matches(t, e.type)));
    if (deliverySuccess !== undefined) items = items.filter((e) => (this.hooks.pendingWebhooks(e.id) === 0) === deliverySuccess);
    return paginate(this.newestFirst(items).map(clone), params, "/v1/events", "event");
  }

  // ---------------------------------------------------------------- expansion

  private lookup(id: string): object | undefined {
    if (id.startsWith("cs_")) return this.sessionsById.get(id)?.session;
    if (id.startsWith("pi_")) return this.paymentIntents.get(id);
    if (id.startsWith("ch_")) return this.charges.get(id);
    if (id.startsWith("re_")) return this.refunds.get(id);
    if (id.startsWith("evt_")) return this.eventsById.get(id);
    if (id.startsWith("price_")) return this.prices.get(id);
    if (id.startsWith("prod_")) return this.products.get(id);
    return undefined;
  }

  /** Applies `expand[]` paths (e.g. "payment_intent.latest_charge", "data.line_items") to a rendered object. */
  expand<T>(value: T, paths: string[]): T {
    let out: unknown = value;
    for (const path of paths) out = this.expandPath(out, path.split("."), path);
    return out as T;
  }

  private expandPath(value: unknown, segments: string[], fullPath: string): unknown {
    const [head, ...rest] = segments;
    if (head === undefined || value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj.object === "list") {
      if (head !== "data") {
        throw invalidRequest(`This property cannot be expanded (${fullPath}). You may want to try expanding 'data.${fullPath}' instead.`, "expand");
      }
      return { ...obj, data: (obj.data as unknown[]).map((item) => this.expandPath(item, rest, fullPath)) };
    }
    const type = typeof obj.object === "string" ? obj.object : "";
    if (!(EXPANDABLE[type] ?? []).includes(head)) throw invalidRequest(`This property cannot be expanded (${head}).`, "expand");
    let childValue = obj[head];
    if (type === "checkout.session" && head === "line_items") {
      const rec = this.sessionsById.get(obj.id as string);
      childValue = rec ? paginate(clone(rec.lineItems), {}, `/v1/checkout/sessions/${rec.session.id}/line_items`, "item") : null;
    } else if (typeof childValue === "string") {
      const found = this.lookup(childValue);
      if (!found) {
        throw invalidRequest(`The OpenSeat Stripe emulator cannot expand ${head} (${childValue}): it does not keep ${OBJECT_NAMES[childValue.split("_")[0] + "_"] ?? "such"} objects.`, "expand");
      }
      childValue = clone(found);
    }
    return { ...obj, [head]: this.expandPath(childValue, rest, fullPath) };
  }

  private newestFirst<T extends { id: string; created: number }>(items: T[]): T[] {
    return items.sort((a, b) => b.created - a.created || (this.order.get(b.id) ?? 0) - (this.order.get(a.id) ?? 0));
  }

  // ---------------------------------------------------------------- persistence

  serialize(): SerializedState {
    return {
      version: 1,
      clockOffsetMs: this.clock.offsetMs,
      sequence: this.sequence,
      sessions: [...this.sessionsById.values()],
      paymentIntents: [...this.paymentIntents.values()],
      charges: [...this.charges.values()],
      refunds: [...this.refunds.values()],
      events: [...this.eventsById.values()],
      products: [...this.products.values()],
      prices: [...this.prices.values()],
      order: Object.fromEntries(this.order),
    };
  }

  load(data: SerializedState): void {
    if (data.version !== 1) throw new Error(`stripe emulator state: unknown version ${String(data.version)}`);
    this.reset();
    this.clock.offsetMs = data.clockOffsetMs ?? 0;
    this.sequence = data.sequence ?? 0;
    for (const rec of data.sessions ?? []) this.sessionsById.set(rec.session.id, rec);
    for (const pi of data.paymentIntents ?? []) this.paymentIntents.set(pi.id, pi);
    for (const ch of data.charges ?? []) this.charges.set(ch.id, ch);
    for (const re of data.refunds ?? []) this.refunds.set(re.id, re);
    for (const ev of data.events ?? []) this.eventsById.set(ev.id, ev);
    for (const p of data.products ?? []) this.products.set(p.id, p);
    for (const p of data.prices ?? []) this.prices.set(p.id, p);
    this.order = new Map(Object.entries(data.order ?? {}));
  }

  reset(): void {
    this.sessionsById.clear();
    this.paymentIntents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.eventsById.clear();
    this.products.clear();
    this.prices.clear();
    this.order.clear();
    this.sequence = 0;
    this.clock.offsetMs = 0;
  }
}

// ------------------------------------------------------------------ helpers


