// "When the pre-queue opens", an event setting: validated against the on-sale time when an organizer
// sets it (a 400 on the field, nothing saved), and used by the queue join: before it, POST
// /api/events/:id/queue is a 409 that says when it opens and leaves no place in line; once it is
// open (or moved earlier, which takes effect at once), joining works.
import { beforeEach, describe, expect, it } from "vitest";
import { GET as statusRoute, POST as joinRoute } from "@/app/api/events/[event_id]/queue/route";
import { PATCH as patchEvent } from "@/app/api/admin/events/[event_id]/route";
import { getDb } from "@/lib/db";
import { utcToLocal } from "@/lib/admin/events-timezone";
import { discardQueueJournal, flushQueueJournal, type QueueStatus } from "@/lib/queue";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { accessTokenFor, bearerFor, callRoute, createFans, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

beforeEach(async () => {
  await flushQueueJournal();
  discardQueueJournal();
  await truncateAll();
  await resetRedis();
});

type ErrorBody = { error: { code: string; message: string; field?: string; opens_at?: string } };

async function seeded(onsaleAt: Date, prequeueOpensAt: Date | null) {
  const db = getDb();
  const { venue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 10 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, onsaleAt, queueEnabled: true });
  await db.event.update({ where: { id: event.id }, data: { queuePrequeueOpensAt: prequeueOpensAt } });
  const organizer = await createUser(db, { role: "venue_admin", venueIds: [venue.id] });
  return { event, timezone: venue.timezone, organizer: await accessTokenFor(organizer) };
}

const HOUR = 3_600_000;

describe("when the pre-queue opens", () => {
  it("refuses a join before it with a clear 409 and no place in line; an organizer opening it earlier lets fans in at once", async () => {
    const now = Date.now();
    const opensAt = new Date(now + 2 * HOUR);
    const { event, timezone, organizer } = await seeded(new Date(now + 3 * HOUR), opensAt);
    const [fan] = await createFans(1, "pq");
    const auth = await bearerFor(fan!);
    const params = { event_id: String(event.id) };
    const path = `/api/events/${event.id}/queue`;

    const refused = await callRoute<ErrorBody>(joinRoute as RouteHandler, "POST", path, { headers: { authorization: auth }, params });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("not_on_sale");
    expect(refused.body.error.message).toMatch(/^The waiting room for this event opens on .+ UTC\. Come back then to join the line\.$/);
    expect(refused.body.error.opens_at).toBe(opensAt.toISOString());
    const looked = await callRoute<QueueStatus>(statusRoute as RouteHandler, "GET", path, { headers: { authorization: auth }, params });
    expect(looked.body.state).toBe("not_joined");
    await flushQueueJournal();
    expect(await getDb().queueEntry.count({ where: { eventId: event.id } })).toBe(0);

    // The organizer opens the pre-queue now (a minute ago, in the venue's wall time).
    const patched = await callRoute<{ event: { queue_prequeue_opens_at: string | null } }>(patchEvent as RouteHandler, "PATCH", `/api/admin/events/${event.id}`, {
      token: organizer,
      params,
      body: { queue_prequeue_opens_at: utcToLocal(new Date(now - 60_000), timezone) },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.event.queue_prequeue_opens_at).not.toBeNull();
    const joined = await callRoute<QueueStatus>(joinRoute as RouteHandler, "POST", path, { headers: { authorization: auth }, params });
    expect(joined.status).toBe(200);
    expect(joined.body.state).toBe("pre_queue");
  });

  it("is validated against the on-sale time: before it, and only with one; a refused edit changes nothing", async () => {
    const now = Date.now();
    const onsaleAt = new Date(now + 3 * HOUR);
    const { event, timezone, organizer } = await seeded(onsaleAt, null);
    const params = { event_id: String(event.id) };
    const patch = (body: unknown) => callRoute<ErrorBody>(patchEvent as RouteHandler, "PATCH", `/api/admin/events/${event.id}`, { token: organizer, params, body });

    const after = await patch({ queue_prequeue_opens_at: utcToLocal(new Date(now + 4 * HOUR), timezone) });
    expect(after.status).toBe(400);
    expect(after.body.error).toMatchObject({ code: "validation_error", field: "queue_prequeue_opens_at" });
    const withoutOnsale = await patch({ onsale_at: null, queue_prequeue_opens_at: utcToLocal(new Date(now + HOUR), timezone) });
    expect(withoutOnsale.status).toBe(400);
    expect(withoutOnsale.body.error.field).toBe("queue_prequeue_opens_at");
    const garbage = await patch({ queue_prequeue_opens_at: "tomorrow-ish" });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.field).toBe("queue_prequeue_opens_at");
    const stored = await getDb().event.findUniqueOrThrow({ where: { id: event.id }, select: { queuePrequeueOpensAt: true, onsaleAt: true } });
    expect(stored).toEqual({ queuePrequeueOpensAt: null, onsaleAt });

    const ok = await patch({ queue_prequeue_opens_at: utcToLocal(new Date(now + HOUR), timezone) });
    expect(ok.status).toBe(200);
  });
});
