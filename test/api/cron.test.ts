// GET /api/cron/expire-holds: Vercel Cron's call, guarded by CRON_SECRET.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/cron/expire-holds/route";
import { getDb } from "@/lib/db";
import { createEventWithTickets, createUser, createVenueWithGrid, holdTickets } from "@/prisma/seed/factories";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

const SECRET = "test-cron-secret-0123456789";
const saved = process.env.CRON_SECRET;

async function call(headers: Record<string, string> = {}) {
  const res = await GET(new Request("http://localhost/api/cron/expire-holds", { headers }), { params: Promise.resolve({}) } as never);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

let eventId: number;

beforeAll(async () => {
  await truncateAll();
  await resetRedis();
  const db = getDb();
  const venue = await createVenueWithGrid(db, { sections: 1, rows: 1, seatsPerRow: 6 });
  eventId = (await createEventWithTickets(db, { venueId: venue.venue.id })).event.id;
  const user = await createUser(db);
  await holdTickets(db, { eventId, userId: user.id, count: 2, expiresAt: new Date(Date.now() - 60_000) });
});

afterEach(() => {
  if (saved === undefined) delete process.env.CRON_SECRET;
  else process.env.CRON_SECRET = saved;
});

describe("GET /api/cron/expire-holds", () => {
  it("answers 503 when CRON_SECRET is not configured", async () => {
    delete process.env.CRON_SECRET;
    const res = await call({ authorization: `Bearer ${SECRET}` });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: "unavailable" } });
  });

  it("answers 401 without the secret or with a wrong one", async () => {
    process.env.CRON_SECRET = SECRET;
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: SECRET }, { authorization: `Bearer ${SECRET}x` }];
    for (const headers of attempts) {
      const res = await call(headers);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await getDb().reservation.count({ where: { status: "active" } })).toBe(1);
  });

  it("sweeps with the right secret and answers the result", async () => {
    process.env.CRON_SECRET = SECRET;
    const res = await call({ authorization: `Bearer ${SECRET}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ reservationsExpired: 1, ticketsExpired: 2, eventsTouched: [eventId] });
  });
});
