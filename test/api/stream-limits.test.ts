// The live streams (seat availability and waiting-room progress) take at most
// SSE_MAX_CONNECTIONS_PER_CLIENT (default 6) concurrent connections per client address, and per
// account when signed in; beyond that a 429 with Retry-After, and a closed stream frees its slot.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as availabilityStream } from "@/app/api/events/[event_id]/stream/route";
import { GET as queueStream } from "@/app/api/events/[event_id]/queue/stream/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import { openStreamCount } from "@/lib/http/stream-slots";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { fromAddress } from "@/test/support/client-address";

type Handler = (req: Request, ctx: never) => Promise<Response>;
type Opened = { res: Response; ac: AbortController };

let eventId: number;
let token: string;
const opened: Opened[] = [];

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 4 });
  eventId = (await createEventWithTickets(db, { venueId: venue.id, onsaleAt: new Date(Date.now() - 1000), queueEnabled: true })).event.id;
  const user = await createUser(db, {});
  token = (await issueAccessToken({ id: user.id, role: user.role, email: user.email, username: user.username })).access_token;
});

afterEach(() => {
  for (const { ac } of opened.splice(0)) ac.abort();
  delete process.env.SSE_MAX_CONNECTIONS_PER_CLIENT;
});

const routes: Array<[string, Handler, string]> = [
  ["availability", availabilityStream as Handler, "stream"],
  ["queue progress", queueStream as Handler, "queue/stream"],
];

async function open(handler: Handler, suffix: string, headers: Record<string, string>): Promise<Opened> {
  const ac = new AbortController();
  const res = await handler(new Request(`http://localhost/api/events/${eventId}/${suffix}`, { headers, signal: ac.signal }), {
    params: Promise.resolve({ event_id: String(eventId) }),
  } as never);
  const o = { res, ac };
  if (res.status === 200) opened.push(o);
  return o;
}

describe.each(routes)("the %s stream", (_name, handler, suffix) => {
  it("the 7th concurrent stream from one address is 429 with Retry-After; another address is not affected; closing one frees a slot", async () => {
    const ip = fromAddress("203.0.113.50");
    const six = [];
    for (let i = 0; i < 6; i++) six.push(await open(handler, suffix, ip));
    expect(six.map((o) => o.res.status)).toEqual(Array(6).fill(200));
    expect(openStreamCount("ip:203.0.113.50")).toBe(6);

    const seventh = await open(handler, suffix, ip);
    expect(seventh.res.status).toBe(429);
    expect(Number(seventh.res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await seventh.res.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect((await open(handler, suffix, fromAddress("203.0.113.51"))).res.status).toBe(200);

    // The client goes away (Next.js aborts the request's signal): its slot is free again.
    six[0]!.ac.abort();
    expect(openStreamCount("ip:203.0.113.50")).toBe(5);
    expect((await open(handler, suffix, ip)).res.status).toBe(200);
    // The body cancelled (the other way a server learns the client left) frees one too.
    await six[1]!.res.body!.cancel();
    expect(openStreamCount("ip:203.0.113.50")).toBe(5);
    expect((await open(handler, suffix, ip)).res.status).toBe(200);
    expect((await open(handler, suffix, ip)).res.status).toBe(429);
  });

  it("a signed-in fan is capped across addresses too", async () => {
    process.env.SSE_MAX_CONNECTIONS_PER_CLIENT = "2";
    const auth = { authorization: `Bearer ${token}` };
    expect((await open(handler, suffix, { ...auth, ...fromAddress("198.51.100.1") })).res.status).toBe(200);
    expect((await open(handler, suffix, { ...auth, ...fromAddress("198.51.100.2") })).res.status).toBe(200);
    expect((await open(handler, suffix, { ...auth, ...fromAddress("198.51.100.3") })).res.status).toBe(429);
    // Anonymous from a fresh address: fine.
    expect((await open(handler, suffix, fromAddress("198.51.100.4"))).res.status).toBe(200);
  });

  it("callers whose address is unknown do not share one bucket (one cannot lock the others out)", async () => {
    process.env.SSE_MAX_CONNECTIONS_PER_CLIENT = "2";
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await open(handler, suffix, {})).res.status);
    expect(statuses).toEqual(Array(5).fill(200));
  });

  it("SSE_MAX_CONNECTIONS_PER_CLIENT=0 turns the cap off", async () => {
    process.env.SSE_MAX_CONNECTIONS_PER_CLIENT = "0";
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await open(handler, suffix, fromAddress("192.0.2.9"))).res.status);
    expect(statuses).toEqual(Array(8).fill(200));
  });
});
