// The venue and chart API (app/api/admin/venues/**, app/api/admin/events/:id/chart-version):
// who may call each route (every actor of test/support/actors.ts), that a refused call changes
// nothing, and that bad documents are 4xx with the list of problems, never a 500.
import { beforeEach, describe, expect, it } from "vitest";
import * as venuesRoute from "@/app/api/admin/venues/route";
import * as venueRoute from "@/app/api/admin/venues/[venue_id]/route";
import * as draftRoute from "@/app/api/admin/venues/[venue_id]/chart/draft/route";
import * as validateRoute from "@/app/api/admin/venues/[venue_id]/chart/validate/route";
import * as publishRoute from "@/app/api/admin/venues/[venue_id]/chart/publish/route";
import * as versionsRoute from "@/app/api/admin/venues/[venue_id]/chart/versions/route";
import * as exportRoute from "@/app/api/admin/venues/[venue_id]/chart/export/route";
import * as importRoute from "@/app/api/admin/venues/[venue_id]/chart/import/route";
import * as previewRoute from "@/app/api/admin/venues/[venue_id]/chart/preview/route";
import * as moveRoute from "@/app/api/admin/events/[event_id]/chart-version/route";
import { getDb } from "@/lib/db";
import { CHART_SCHEMA_ID, type ChartDocumentInput } from "@/lib/venues/chart-document";
import { createEventWithTickets } from "@/prisma/seed/factories";
import { callRoute, type RouteHandler } from "@/test/support/api";
import { ACTOR_NAMES, createCast, type ActorName, type Cast } from "@/test/support/actors";
import { truncateAll } from "@/test/support/database";

function layout(width = 400): ChartDocumentInput {
  return {
    schema: CHART_SCHEMA_ID,
    canvas: { width, height: 400 },
    seat_radius: 4,
    stage: { x: 50, y: 20, width: 300, height: 60 },
    sections: [
      { kind: "grid", name: "A", label: "Section A", origin: { x: 100, y: 120 }, rows: 2, seats_per_row: 5, seat_spacing: 10, row_spacing: 10 },
      { kind: "curved", name: "BALC", center: { x: 200, y: 50 }, radius: 150, rows: 2, row_spacing: 12, start_angle: 60, end_angle: 120, seat_spacing: 12 },
    ],
  };
}

async function snapshot() {
  const db = getDb();
  return {
    venues: await db.venue.findMany({ orderBy: { id: "asc" } }),
    versions: await db.venueChartVersion.findMany({ orderBy: { id: "asc" } }),
    sections: await db.section.count(),
    seats: await db.seat.count(),
    events: await db.event.findMany({ orderBy: { id: "asc" } }),
    tickets: await db.ticket.findMany({ orderBy: { id: "asc" }, select: { id: true, seatId: true, status: true } }),
    audit: await db.auditLog.count(),
  };
}

type Ctx = Cast & { eventId: number };
type RouteCase = {
  name: string;
  handler: RouteHandler;
  method: string;
  path: (c: Ctx) => string;
  params: (c: Ctx) => Record<string, string>;
  body?: (c: Ctx) => unknown;
  /** Run before each allowed caller's call (e.g. a draft to publish). */
  prepare?: (c: Ctx, actor: ActorName) => Promise<void>;
  expect: Record<ActorName, number>;
};

const VENUE_ONLY = { anonymous: 401, buyer: 403, doorStaff: 403, otherVenueAdmin: 403, venueAdmin: 200, admin: 200 };
const v = (c: Ctx) => ({ venue_id: String(c.venue.venue.id) });
const at = (suffix: string) => (c: Ctx) => `/api/admin/venues/${c.venue.venue.id}${suffix}`;

async function saveDraftAs(c: Ctx, doc: ChartDocumentInput) {
  const res = await callRoute(draftRoute.PUT as RouteHandler, "PUT", at("/chart/draft")(c), { token: c.actors.admin.token, params: v(c), body: doc });
  expect(res.status).toBe(200);
}

const CASES: RouteCase[] = [
  { name: "GET /venues", handler: venuesRoute.GET as RouteHandler, method: "GET", path: () => "/api/admin/venues", params: () => ({}), expect: { ...VENUE_ONLY, otherVenueAdmin: 200 } },
  {
    name: "POST /venues",
    handler: venuesRoute.POST as RouteHandler,
    method: "POST",
    path: () => "/api/admin/venues",
    params: () => ({}),
    body: () => ({ name: "The Boxcar", location: "Portland, OR", address: "1 Rail St", timezone: "America/Los_Angeles" }),
    expect: { ...VENUE_ONLY, venueAdmin: 403, admin: 201 },
  },
  { name: "GET /venues/:id", handler: venueRoute.GET as RouteHandler, method: "GET", path: at(""), params: v, expect: VENUE_ONLY },
  { name: "PATCH /venues/:id", handler: venueRoute.PATCH as RouteHandler, method: "PATCH", path: at(""), params: v, body: () => ({ name: "Renamed Hall" }), expect: VENUE_ONLY },
  { name: "GET chart/draft", handler: draftRoute.GET as RouteHandler, method: "GET", path: at("/chart/draft"), params: v, expect: VENUE_ONLY },
  { name: "PUT chart/draft", handler: draftRoute.PUT as RouteHandler, method: "PUT", path: at("/chart/draft"), params: v, body: () => layout(), expect: VENUE_ONLY },
  { name: "POST chart/validate", handler: validateRoute.POST as RouteHandler, method: "POST", path: at("/chart/validate"), params: v, body: () => layout(), expect: VENUE_ONLY },
  {
    name: "POST chart/publish",
    handler: publishRoute.POST as RouteHandler,
    method: "POST",
    path: at("/chart/publish"),
    params: v,
    prepare: (c, actor) => saveDraftAs(c, layout(actor === "admin" ? 500 : 400)),
    expect: VENUE_ONLY,
  },
  { name: "GET chart/versions", handler: versionsRoute.GET as RouteHandler, method: "GET", path: at("/chart/versions"), params: v, expect: VENUE_ONLY },
  { name: "GET chart/export", handler: exportRoute.GET as RouteHandler, method: "GET", path: at("/chart/export"), params: v, expect: VENUE_ONLY },
  { name: "GET chart/preview", handler: previewRoute.GET as RouteHandler, method: "GET", path: at("/chart/preview?part=seats"), params: v, expect: VENUE_ONLY },
  { name: "POST chart/import", handler: importRoute.POST as RouteHandler, method: "POST", path: at("/chart/import"), params: v, body: () => layout(), expect: VENUE_ONLY },
  {
    name: "POST events/:id/chart-version",
    handler: moveRoute.POST as RouteHandler,
    method: "POST",
    path: (c) => `/api/admin/events/${c.eventId}/chart-version`,
    params: (c) => ({ event_id: String(c.eventId) }),
    body: () => ({}),
    // Each allowed caller moves the event to a newer version than the one it is on.
    prepare: async (c, actor) => {
      await saveDraftAs(c, layout(actor === "admin" ? 500 : 450));
      const res = await callRoute(publishRoute.POST as RouteHandler, "POST", at("/chart/publish")(c), { token: c.actors.admin.token, params: v(c) });
      expect(res.status).toBe(200);
    },
    expect: VENUE_ONLY,
  },
];

beforeEach(async () => {
  await truncateAll();
});

describe("authorization of the venue and chart API", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, route) => {
    const cast = await createCast();
    const { event } = await createEventWithTickets(getDb(), { venueId: cast.venue.venue.id, title: "Bound" });
    const ctx: Ctx = { ...cast, eventId: event.id };
    const seen: Partial<Record<ActorName, number>> = {};
    // Refused callers first: each must leave the database exactly as it was.
    const order = [...ACTOR_NAMES].sort((a, b) => Number(route.expect[a] < 300) - Number(route.expect[b] < 300));
    for (const name of order) {
      const allowed = route.expect[name] < 300;
      if (allowed && route.prepare) await route.prepare(ctx, name);
      const before = allowed ? null : await snapshot();
      const res = await callRoute<{ error?: { code: string } }>(route.handler, route.method, route.path(ctx), {
        token: ctx.actors[name].token,
        params: route.params(ctx),
        body: route.body?.(ctx),
      });
      seen[name] = res.status;
      if (!allowed) expect(await snapshot(), `${route.name} as ${name} changed the database`).toEqual(before);
    }
    expect(seen).toEqual(route.expect);
  });
});

describe("chart documents through the API", () => {
  async function setup() {
    const cast = await createCast();
    const token = cast.actors.venueAdmin.token;
    const params = { venue_id: String(cast.venue.venue.id) };
    const path = (s: string) => `/api/admin/venues/${cast.venue.venue.id}${s}`;
    return { cast, token, params, path };
  }

  it("answers a structurally bad document with 400 and every problem's path, storing nothing", async () => {
    const { token, params, path } = await setup();
    const bad = { ...layout(), canvas: { width: -5, height: 400 }, sections: [{ kind: "grid", name: "", rows: 0 }] };
    const before = await snapshot();
    for (const [handler, method, p] of [
      [draftRoute.PUT, "PUT", "/chart/draft"],
      [importRoute.POST, "POST", "/chart/import"],
    ] as const) {
      const res = await callRoute<{ error: { code: string; problems: { path: string; message: string }[] } }>(handler as RouteHandler, method, path(p), { token, params, body: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("validation_error");
      expect(res.body.error.problems.map((x) => x.path)).toEqual(expect.arrayContaining(["canvas.width", "sections[0].name", "sections[0].rows", "sections[0].origin"]));
    }
    for (const body of ["{not json", "[]", "null", "42"]) {
      const res = await callRoute(draftRoute.PUT as RouteHandler, "PUT", path("/chart/draft"), { token, params, body });
      expect(res.status).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
    const validate = await callRoute<{ ok: boolean; problems: unknown[] }>(validateRoute.POST as RouteHandler, "POST", path("/chart/validate"), { token, params, body: bad });
    expect(validate.status).toBe(200);
    expect(validate.body.ok).toBe(false);
    expect(validate.body.problems.length).toBeGreaterThan(0);
  });

  it("refuses an oversized document with 413 and publishes only a clean draft", async () => {
    const { token, params, path } = await setup();
    const huge = JSON.stringify({ ...layout(), padding: "x".repeat(5 * 1024 * 1024) });
    const big = await callRoute<{ error: { code: string } }>(importRoute.POST as RouteHandler, "POST", path("/chart/import"), { token, params, body: huge });
    expect(big.status).toBe(413);

    const overlapping = layout();
    overlapping.sections.push({ kind: "grid", name: "B", origin: { x: 101, y: 121 }, rows: 1, seats_per_row: 2, seat_spacing: 10, row_spacing: 10 });
    overlapping.sections.push({ kind: "ga", name: "FLOOR", polygon: [{ x: 10, y: 300 }, { x: 100, y: 300 }, { x: 100, y: 390 }], capacity: 0 });
    const saved = await callRoute<{ draft: { problems: { path: string; message: string }[] } }>(draftRoute.PUT as RouteHandler, "PUT", path("/chart/draft"), { token, params, body: overlapping });
    expect(saved.status).toBe(200);
    expect(saved.body.draft.problems.map((p) => p.message).join("\n")).toMatch(/overlaps[\s\S]*no capacity|no capacity[\s\S]*overlaps/);
    const before = await snapshot();
    const refused = await callRoute<{ error: { code: string; problems: unknown[] } }>(publishRoute.POST as RouteHandler, "POST", path("/chart/publish"), { token, params });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual(saved.body.draft.problems);
    expect(await snapshot()).toEqual(before);

    await callRoute(importRoute.POST as RouteHandler, "POST", path("/chart/import"), { token, params, body: layout() });
    const ok = await callRoute<{ published: { version: number; seat_count: number } }>(publishRoute.POST as RouteHandler, "POST", path("/chart/publish"), { token, params });
    expect(ok.status).toBe(200);
    expect(ok.body.published.version).toBe(2);
    const again = await callRoute<{ error: { code: string } }>(publishRoute.POST as RouteHandler, "POST", path("/chart/publish"), { token, params });
    expect(again.status).toBe(409);

    // Export gives back the published document; importing it elsewhere reproduces the chart.
    const exported = await callRoute<ChartDocumentInput>(exportRoute.GET as RouteHandler, "GET", path("/chart/export"), { token, params });
    expect(exported.status).toBe(200);
    expect(exported.body.sections.map((s) => s.name)).toEqual(["A", "BALC"]);
    const missing = await callRoute(exportRoute.GET as RouteHandler, "GET", path("/chart/export?version=99"), { token, params });
    expect(missing.status).toBe(404);
  });

  it("creates a venue whose first chart is a draft, and refuses bad venue fields", async () => {
    const { cast } = await setup();
    const token = cast.actors.admin.token;
    const created = await callRoute<{ venue: { venue_id: string; chart_version: number | null; draft_version: number | null } }>(venuesRoute.POST as RouteHandler, "POST", "/api/admin/venues", {
      token,
      body: { name: "The Boxcar", location: "Portland, OR", address: "1 Rail St" },
    });
    expect(created.status).toBe(201);
    expect(created.body.venue).toMatchObject({ chart_version: null, draft_version: 1 });
    for (const body of [{ name: "", location: "x", address: "y" }, { name: "N", location: "x", address: "y", timezone: "Mars/Olympus" }, { name: "N", location: "x", address: "y", owner: 1 }]) {
      const res = await callRoute(venuesRoute.POST as RouteHandler, "POST", "/api/admin/venues", { token, body });
      expect(res.status).toBe(400);
    }
    const patch = await callRoute(venueRoute.PATCH as RouteHandler, "PATCH", `/api/admin/venues/${created.body.venue.venue_id}`, { token, params: { venue_id: created.body.venue.venue_id }, body: {} });
    expect(patch.status).toBe(400);
  });
});
