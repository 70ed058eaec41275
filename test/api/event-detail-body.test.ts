// GET /api/events/:event_id serves a body joined once per change and encoded once per body
// (lib/events/get-event-detail-body.ts, precompressed-json-response.ts): the ETag answers 304, the
// brotli and gzip bytes decode to the plain JSON, a hold or a release made here shows in the very
// next answer (the availability the body is joined from is dropped by the change itself: no waiting
// on a TTL), and the joined body is what PostgreSQL says. On the in-process store and on a real Redis.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getEvent } from "@/app/api/events/[event_id]/route";
import { getDb } from "@/lib/db";
import { buildEventDetail } from "@/lib/events/build-event-detail";
import { ENCODED_AS_HEADER } from "@/lib/events/precompressed-json-response";
import type { EventDetail } from "@/lib/events/types";
import { cancelReservedTickets } from "@/lib/inventory/cancel-reserved-tickets";
import { reserveTickets } from "@/lib/inventory/reserve-tickets";
import { ENTRY_KEY_ENV, ENTRY_KEY_HEADER, PEER_ADDRESS_HEADER } from "@/lib/rate-limit/client-ip";
import { closeRedis } from "@/lib/redis";
import { createEventWithTickets, createUser, createVenueWithGrid, ensureEventType } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { hasRedisServer, skipWithout } from "@/test/support/servers";

const ENTRY_KEY = "event-detail-body-test-entry-key";

/** A request as the production server entry passes it on (its key proves the peer header). */
function request(eventId: number, headers: Record<string, string> = {}, viaServerEntry = true): Request {
  const entry: Record<string, string> = viaServerEntry ? { [ENTRY_KEY_HEADER]: ENTRY_KEY, [PEER_ADDRESS_HEADER]: "203.0.113.9" } : {};
  return new Request(`http://localhost/api/events/${eventId}`, { headers: { ...entry, ...headers } });
}

async function get(eventId: number, headers: Record<string, string> = {}, viaServerEntry = true) {
  const res = await getEvent(request(eventId, headers, viaServerEntry), { params: Promise.resolve({ event_id: String(eventId) }) } as never);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function detail(eventId: number): Promise<EventDetail> {
  return JSON.parse((await get(eventId)).bytes.toString("utf8")) as EventDetail;
}

const availableIds = (d: EventDetail) => d.tickets.filter((t) => t.available).map((t) => Number(t.id));

let eventId: number;
let ticketIds: number[];
let fanId: number;

async function setUp(): Promise<void> {
  await truncateAll();
  const db = getDb();
  await ensureEventType(db, "concert", "Music concerts");
  const { venue } = await createVenueWithGrid(db, { name: "Body Hall", location: "Austin, TX", sections: 2, rows: 4, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, title: "Body Night", type: "concert", performers: ["The Bytes"], price: "40.00" });
  eventId = event.id;
  ticketIds = (await db.ticket.findMany({ where: { eventId }, select: { id: true }, orderBy: { id: "asc" } })).map((t) => t.id);
  fanId = (await createUser(db)).id;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const stores = [
  { name: "the in-process store", redisUrl: "", skip: false },
  { name: "a real Redis", redisUrl: process.env.REDIS_URL ?? "", skip: skipWithout("Redis (REDIS_URL)", hasRedisServer()) },
];

describe.each(stores)("GET /api/events/:id on $name", ({ redisUrl, skip }) => {
  let savedUrl: string | undefined;
  beforeAll(async () => {
    if (skip) return;
    savedUrl = process.env.REDIS_URL;
    process.env.REDIS_URL = redisUrl;
    if (redisUrl) await resetRedis();
    else await closeRedis();
    await setUp();
  });
  afterAll(async () => {
    if (skip) return;
    if (savedUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = savedUrl;
    await closeRedis();
  });

  it.skipIf(skip)("answers a matching If-None-Match with 304, in any encoding of the current body", async () => {
    vi.stubEnv(ENTRY_KEY_ENV, ENTRY_KEY);
    const plain = await get(eventId, { "accept-encoding": "identity" });
    const gz = await get(eventId, { "accept-encoding": "gzip" });
    const etag = plain.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(gz.headers.get("etag")).not.toBe(etag); // another representation, another strong ETag
    for (const tag of [etag, gz.headers.get("etag")!, `W/${etag}`, `"nope", ${etag}`]) {
      const again = await get(eventId, { "if-none-match": tag, "accept-encoding": "gzip" });
      expect(again.status, tag).toBe(304);
      expect(again.bytes.length).toBe(0);
      expect(again.headers.get("etag")).toBe(gz.headers.get("etag"));
    }
    expect((await get(eventId, { "if-none-match": '"something-else"' })).status).toBe(200);
    expect(plain.headers.get("cache-control")).toContain("s-maxage=1");
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
  });

  it.skipIf(skip)("sends brotli or gzip bytes that decode to the plain JSON, and plain JSON outside the server entry", async () => {
    vi.stubEnv(ENTRY_KEY_ENV, ENTRY_KEY);
    const plain = await get(eventId, { "accept-encoding": "identity" });
    expect(plain.headers.get(ENCODED_AS_HEADER)).toBeNull();
    const br = await get(eventId, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers.get(ENCODED_AS_HEADER)).toBe("br");
    expect(brotliDecompressSync(br.bytes).equals(plain.bytes)).toBe(true);
    const gz = await get(eventId, { "accept-encoding": "gzip;q=1, br;q=0" });
    expect(gz.headers.get(ENCODED_AS_HEADER)).toBe("gzip");
    expect(gunzipSync(gz.bytes).equals(plain.bytes)).toBe(true);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length);

    // Not through the server entry (a plain `next start`, Vercel): the platform compresses.
    const elsewhere = await get(eventId, { "accept-encoding": "gzip, br" }, false);
    expect(elsewhere.headers.get(ENCODED_AS_HEADER)).toBeNull();
    expect(elsewhere.bytes.equals(plain.bytes)).toBe(true);
    // A forged key is not the server entry either.
    vi.stubEnv(ENTRY_KEY_ENV, "another-key");
    expect((await get(eventId, { "accept-encoding": "br" })).headers.get(ENCODED_AS_HEADER)).toBeNull();
  });

  it.skipIf(skip)("shows a hold and a release in the next answer, with a new ETag, and agrees with PostgreSQL", async () => {
    vi.stubEnv(ENTRY_KEY_ENV, ENTRY_KEY);
    const before = await get(eventId, { "accept-encoding": "br" });
    const beforeDetail = await detail(eventId);
    const seats = ticketIds.slice(5, 8);
    for (const id of seats) expect(availableIds(beforeDetail)).toContain(id);

    await reserveTickets({ userId: fanId, ticketIds: seats });
    const held = await get(eventId, { "accept-encoding": "br", "if-none-match": before.headers.get("etag")! });
    expect(held.status).toBe(200);
    expect(held.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const heldDetail = JSON.parse(brotliDecompressSync(held.bytes).toString("utf8")) as EventDetail;
    for (const id of seats) expect(availableIds(heldDetail)).not.toContain(id);
    expect(heldDetail.available_ticket_cnt).toBe(beforeDetail.available_ticket_cnt - 3);
    expect(heldDetail.classes.reduce((n, c) => n + c.available_ticket_cnt, 0)).toBe(heldDetail.available_ticket_cnt);
    // The joined body is the payload built from PostgreSQL now, field for field.
    expect(heldDetail).toEqual(await buildEventDetail(eventId));

    await cancelReservedTickets({ userId: fanId, ticketIds: [seats[0]!] });
    const released = await detail(eventId);
    expect(availableIds(released)).toContain(seats[0]);
    expect(released.available_ticket_cnt).toBe(beforeDetail.available_ticket_cnt - 2);
    expect(released).toEqual(await buildEventDetail(eventId));
    await cancelReservedTickets({ userId: fanId, ticketIds: seats.slice(1) });
    expect((await detail(eventId)).available_ticket_cnt).toBe(beforeDetail.available_ticket_cnt);
  });

  it.skipIf(skip)("keeps a body and its ETag while nothing changed, and answers 404 and 400", async () => {
    const a = await get(eventId, { "accept-encoding": "identity" });
    const b = await get(eventId, { "accept-encoding": "identity" });
    expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect((await get(987654)).status).toBe(404);
    const bad = await getEvent(new Request("http://localhost/api/events/abc"), { params: Promise.resolve({ event_id: "abc" }) } as never);
    expect(bad.status).toBe(400);
  });
});
