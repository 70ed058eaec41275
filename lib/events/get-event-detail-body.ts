// The spec's GET /api/events/:event_id payload as bytes ready to send: every ticket of the event
// with its live availability. The 16,404-seat arena's payload is about 2 MB of JSON; serialising and
// gzipping it per request held the route to 17 req/s, and caching the whole payload for 5 + 5 s
// showed a hold up to 10 s late. So the payload is two cached parts joined once per change:
//
// - the event and its tickets (get-event-detail.ts, with tickets): changes only when an organizer
//   edits the event (invalidateEventCaches drops it), so it is cached for a minute and shared;
// - availability (get-event-availability.ts): the ids that cannot be bought, dropped by every hold,
//   release, sale and expiry (in Redis and in the process that made the change) and at most a
//   second old in any other process.
//
// Each ticket's JSON is cut once per event build into the text before and after its `available`
// flag, so a new availability costs a string join (a few ms for 16,404 tickets), not a
// serialisation of the whole event, and only when the unavailable ids actually changed. The joined
// body carries its strong ETag (a hash of the bytes) and its gzip and brotli encodings, each made
// once on first demand (lib/http/encoded-json-body.ts). All of it is per process; every instance
// builds the same bytes (and so the same ETag) from the shared parts.
import { getEventAvailability } from "@/lib/events/get-event-availability";
import { getEventDetail } from "@/lib/events/get-event-detail";
import type { EventDetail, PriceClassSummary } from "@/lib/events/types";
import { toEncodedJsonBody, type EncodedJsonBody } from "@/lib/http/encoded-json-body";
import type { Cached } from "@/lib/redis/cached";

/** What is cut out of one event build once, so that each availability change is a join. */
type Template = {
  /** The payload's JSON before and after the tickets array. */
  head: (available: number, classes: PriceClassSummary[]) => string;
  /** Per ticket: its JSON up to `"available":` and from the field after it. */
  before: string[];
  after: string[];
  /** Ticket id -> index, and each ticket's class index (for the per-class counts). */
  indexOf: Map<number, number>;
  classOf: Int32Array;
  classTotals: number[];
};

const TICKETS_PLACEHOLDER = '"tickets":[]';

function buildTemplate(detail: EventDetail): Template {
  const classIndex = new Map(detail.classes.map((c, i) => [c.class_id, i]));
  const before: string[] = [];
  const after: string[] = [];
  const indexOf = new Map<number, number>();
  const classOf = new Int32Array(detail.tickets.length);
  detail.tickets.forEach((t, i) => {
    // Same keys in the same order as TicketSummary is built, so the text is JSON.stringify's.
    before.push(`${JSON.stringify({ id: t.id, seat: t.seat, seat_id: t.seat_id, class: t.class, class_id: t.class_id }).slice(0, -1)},"available":`);
    after.push(`,${JSON.stringify({ price: t.price, unit: t.unit }).slice(1)}`);
    indexOf.set(Number(t.id), i);
    classOf[i] = classIndex.get(t.class_id) ?? -1;
  });
  const head = (available: number, classes: PriceClassSummary[]) => JSON.stringify({ ...detail, available_ticket_cnt: available, classes, tickets: [] });
  return { head, before, after, indexOf, classOf, classTotals: detail.classes.map((c) => c.total_ticket_cnt) };
}

function joinBody(detail: EventDetail, template: Template, unavailableIds: number[]): string {
  const available = new Uint8Array(template.before.length).fill(1);
  const classAvailable = [...template.classTotals];
  for (const id of unavailableIds) {
    const i = template.indexOf.get(id);
    if (i === undefined || available[i] === 0) continue; // a ticket the build does not know (added since): dropped with the build
    available[i] = 0;
    const c = template.classOf[i]!;
    if (c >= 0) classAvailable[c]!--;
  }
  const classes = detail.classes.map((c, i) => ({ ...c, available_ticket_cnt: classAvailable[i]! }));
  const total = classAvailable.reduce((n, c) => n + c, 0);
  const head = template.head(total, classes);
  // The placeholder cannot occur inside a string value (its quotes would be escaped there).
  const at = head.indexOf(TICKETS_PLACEHOLDER);
  const parts: string[] = new Array<string>(template.before.length);
  for (let i = 0; i < parts.length; i++) parts[i] = template.before[i] + (available[i] ? "true" : "false") + template.after[i];
  return `${head.slice(0, at)}"tickets":[${parts.join(",")}]${head.slice(at + TICKETS_PLACEHOLDER.length)}`;
}

type Current = { detail: Cached<EventDetail>; unavailableKey: string; body: EncodedJsonBody };

// Per event, the body last joined in this process. On globalThis: route bundles may load this module twice.
const globalForBodies = globalThis as typeof globalThis & { __openseatEventDetailBodies?: Map<number, Current> };
// An arena's body with its ticket template and encodings is several MB (2 MB of JSON alone); an
// on-sale has a few hot events.
const MAX_EVENTS = 16;

function currentBodies(): Map<number, Current> {
  globalForBodies.__openseatEventDetailBodies ??= new Map();
  return globalForBodies.__openseatEventDetailBodies;
}

/** The payload of a published event with availability as fresh as the availability cache. Throws not_found. */
export async function getEventDetailBody(eventId: number): Promise<EncodedJsonBody> {
  const [detail, availability] = await Promise.all([getEventDetail(eventId), getEventAvailability(eventId)]);
  // The availability entry is rebuilt every second while it is read (its `as_of` changes): the
  // body is joined again only when the unavailable ids differ.
  const unavailableIds = availability.value.unavailable_ticket_ids;
  const unavailableKey = availability.memo("unavailable-key", () => unavailableIds.join(","));
  const bodies = currentBodies();
  const current = bodies.get(eventId);
  if (current && current.detail === detail && current.unavailableKey === unavailableKey) return current.body;
  const template = detail.memo("detail-template", () => buildTemplate(detail.value));
  const json = joinBody(detail.value, template, unavailableIds);
  // An unchanged text keeps its body and so its encodings already made.
  const body = current && current.body.json === json ? current.body : toEncodedJsonBody(json);
  bodies.delete(eventId);
  bodies.set(eventId, { detail, unavailableKey, body });
  if (bodies.size > MAX_EVENTS) bodies.delete(bodies.keys().next().value!);
  return body;
}
