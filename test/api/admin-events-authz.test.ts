// Authorization matrix of the organizer's event routes: every route x {anonymous, buyer, door staff,
// the admin of another venue, the venue's admin, an admin}. Exactly the venue's admin and admins may
// act on the venue's events; every refused call leaves the database (events, tickets, performers,
// audit log, cancellation jobs) and the image store exactly as they were.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/admin/events/route";
import { GET as getRoute, PATCH as patchRoute } from "@/app/api/admin/events/[event_id]/route";
import { POST as publishRoute } from "@/app/api/admin/events/[event_id]/publish/route";
import { POST as unpublishRoute } from "@/app/api/admin/events/[event_id]/unpublish/route";
import { GET as cancelGetRoute, POST as cancelRoute } from "@/app/api/admin/events/[event_id]/cancel/route";
import { GET as auditRoute } from "@/app/api/admin/events/[event_id]/audit/route";
import { POST as imageRoute } from "@/app/api/admin/events/images/route";
import { backgroundCancellationsSettled } from "@/lib/admin/events-cancellation";
import { LocalDiskStorage, setImageStorage } from "@/lib/admin/storage";
import { getDb } from "@/lib/db";
import { createEventWithTickets, ensureEventType, ensurePriceClasses } from "@/prisma/seed/factories";
import { ACTOR_NAMES, createCast, type ActorName, type Cast } from "@/test/support/actors";
import { callRoute, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let uploadDir: string;
let cast: Cast;
let goldId: number;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), "openseat-uploads-"));
  setImageStorage(new LocalDiskStorage(uploadDir));
});
afterAll(async () => {
  setImageStorage(null);
  await rm(uploadDir, { recursive: true, force: true });
});
// A cancel starts its refund run in the background: it ends before the next test wipes the tables.
afterEach(() => backgroundCancellationsSettled());
beforeEach(async () => {
  await truncateAll();
  await resetRedis();
  cast = await createCast();
  await ensureEventType(getDb(), "concert");
  goldId = (await ensurePriceClasses(getDb(), [{ name: "Gold", description: "Gold", color: "#d97706" }]))[0]!.id;
});

/** Everything an event route could change, as one comparable value. */
async function snapshot(): Promise<string> {
  const db = getDb();
  const [events, tickets, performers, audit, jobs, orders, notices, files] = await Promise.all([
    db.event.findMany({ orderBy: { id: "asc" } }),
    db.ticket.findMany({ orderBy: { id: "asc" }, select: { id: true, classId: true, price: true, status: true, currency: true } }),
    db.eventPerformer.findMany({ orderBy: [{ eventId: "asc" }, { billing: "asc" }] }),
    db.auditLog.count(),
    db.eventCancellation.findMany(),
    db.eventCancellationOrder.findMany(),
    db.notification.findMany({ orderBy: { id: "asc" } }),
    readdir(uploadDir),
  ]);
  return JSON.stringify({ events, tickets, performers, audit, jobs, orders, notices, files: files.sort() }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

const inAWeek = () => {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return d.toISOString().slice(0, 16);
};

const createBody = () => ({
  title: "Matrix Night",
  type: "concert",
  venue_id: cast.venue.venue.id,
  starts_at: inAWeek(),
  performers: ["The Matrix Band"],
  price_classes: [{ class_id: goldId, price: "40.00", section_ids: [cast.venue.sections[0]!.id] }],
});

/** A published event of the cast's venue, or a draft. */
async function venueEvent(options: { draft?: boolean } = {}) {
  const { event } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id, classId: goldId, price: "40.00" });
  if (options.draft) await getDb().event.update({ where: { id: event.id }, data: { publishedAt: null } });
  return event;
}

type Row = { actor: ActorName; status: number };
const MANAGERS_ONLY = (ok: number): Row[] => [
  { actor: "anonymous", status: 401 },
  { actor: "buyer", status: 403 },
  { actor: "doorStaff", status: 403 },
  { actor: "otherVenueAdmin", status: 403 },
  { actor: "venueAdmin", status: ok },
  { actor: "admin", status: ok },
];

type Case = {
  name: string;
  handler: RouteHandler;
  method: string;
  /** Builds the event (when the route needs one) and the request. */
  setup: () => Promise<{ path: string; params?: Record<string, string>; body?: unknown; raw?: { body: BodyInit; contentType: string } }>;
  rows: Row[];
  /** Reads change nothing for anyone. */
  read?: boolean;
};

const eventCase = (name: string, handler: RouteHandler, method: string, suffix: string, ok: number, body?: unknown, eventOptions: { draft?: boolean } = {}, read = false): Case => ({
  name,
  handler,
  method,
  read,
  rows: MANAGERS_ONLY(ok),
  setup: async () => {
    const event = await venueEvent(eventOptions);
    return { path: `/api/admin/events/${event.id}${suffix}`, params: { event_id: String(event.id) }, body };
  },
});

const CASES: Case[] = [
  {
    name: "POST /api/admin/events",
    handler: createRoute as RouteHandler,
    method: "POST",
    rows: MANAGERS_ONLY(201),
    setup: async () => ({ path: "/api/admin/events", body: createBody() }),
  },
  eventCase("GET /api/admin/events/:id", getRoute as RouteHandler, "GET", "", 200, undefined, {}, true),
  eventCase("PATCH /api/admin/events/:id", patchRoute as RouteHandler, "PATCH", "", 200, { title: "Renamed" }),
  eventCase("POST /api/admin/events/:id/publish", publishRoute as RouteHandler, "POST", "/publish", 200, undefined, { draft: true }),
  eventCase("POST /api/admin/events/:id/unpublish", unpublishRoute as RouteHandler, "POST", "/unpublish", 200),
  eventCase("POST /api/admin/events/:id/cancel", cancelRoute as RouteHandler, "POST", "/cancel", 202, { reason: "The band is ill" }),
  eventCase("GET /api/admin/events/:id/cancel", cancelGetRoute as RouteHandler, "GET", "/cancel", 200, undefined, {}, true),
  eventCase("GET /api/admin/events/:id/audit", auditRoute as RouteHandler, "GET", "/audit", 200, undefined, {}, true),
];

describe("organizer event routes: who may call them", () => {
  for (const c of CASES) {
    for (const row of c.rows) {
      it(`${c.name} as ${row.actor} -> ${row.status}${row.status >= 400 || c.read ? ", changing nothing" : ""}`, async () => {
        const request = await c.setup();
        const actor = cast.actors[row.actor];
        const before = await snapshot();
        const res = await callRoute<{ error?: { code: string } }>(c.handler, c.method, request.path, { token: actor.token, params: request.params, body: request.body });
        expect(res.status, JSON.stringify(res.body)).toBe(row.status);
        if (row.status >= 400) expect(res.body.error?.code).toBe(row.status === 401 ? "unauthorized" : "forbidden");
        if (row.status >= 400 || c.read) expect(await snapshot()).toBe(before);
        else expect(await snapshot()).not.toBe(before);
      });
    }
  }

  it("the session cookie works like the bearer token (venue admin reads, door staff is refused)", async () => {
    const event = await venueEvent();
    const asAdmin = await callRoute(getRoute as RouteHandler, "GET", `/api/admin/events/${event.id}`, { params: { event_id: String(event.id) }, headers: { cookie: cast.actors.venueAdmin.cookie! } });
    expect(asAdmin.status).toBe(200);
    const asDoor = await callRoute(getRoute as RouteHandler, "GET", `/api/admin/events/${event.id}`, { params: { event_id: String(event.id) }, headers: { cookie: cast.actors.doorStaff.cookie! } });
    expect(asDoor.status).toBe(403);
  });

  it("GET /api/admin/events lists only the caller's venues' events", async () => {
    const mine = await venueEvent();
    const { event: theirs } = await createEventWithTickets(getDb(), { venueId: cast.otherVenue.venue.id, classId: goldId });
    const expected: Record<ActorName, number | number[]> = {
      anonymous: 401,
      buyer: 403,
      doorStaff: 403,
      otherVenueAdmin: [theirs.id],
      venueAdmin: [mine.id],
      admin: [mine.id, theirs.id],
    };
    for (const actor of ACTOR_NAMES) {
      const before = await snapshot();
      const res = await callRoute<{ events: { event_id: string }[] }>(listRoute as RouteHandler, "GET", "/api/admin/events", { token: cast.actors[actor].token });
      const want = expected[actor];
      if (typeof want === "number") expect(res.status, actor).toBe(want);
      else expect(res.body.events.map((e) => Number(e.event_id)).sort((a, b) => a - b), actor).toEqual(want);
      expect(await snapshot()).toBe(before);
    }
    // Asking for another venue by id is refused, not answered empty.
    const other = await callRoute(listRoute as RouteHandler, "GET", `/api/admin/events?venue_id=${cast.otherVenue.venue.id}`, { token: cast.actors.venueAdmin.token });
    expect(other.status).toBe(403);
  });

  it("POST /api/admin/events/images: venue admins and admins upload; everyone else writes no file", async () => {
    const expected: Record<ActorName, number> = { anonymous: 401, buyer: 403, doorStaff: 403, otherVenueAdmin: 201, venueAdmin: 201, admin: 201 };
    for (const actor of ACTOR_NAMES) {
      await rm(uploadDir, { recursive: true, force: true });
      const token = cast.actors[actor].token;
      const res = await imageRoute(
        new Request("http://localhost/api/admin/events/images", { method: "POST", headers: { "content-type": "image/png", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: PNG }),
        { params: Promise.resolve({}) } as never,
      );
      expect(res.status, actor).toBe(expected[actor]);
      const files = await readdir(uploadDir).catch(() => []);
      expect(files.length, actor).toBe(expected[actor] === 201 ? 1 : 0);
    }
  });
});
