// The notices the sweeper's pass sends because time passed: "it's your turn" for fans who asked and
// may have left the waiting room's tab (notify-queue-turns.ts), and "your hold is about to expire"
// (notify-expiring-holds.ts). Each is written once per cause (admission, hold) however many passes
// run, only for fans who asked or did not opt out, and a paid hold is never told.
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { discardQueueJournal, flushQueueJournal, joinQueue } from "@/lib/queue";
import { runSweep } from "@/lib/sweep/run-sweep";
import { createEventWithTickets, createVenueWithGrid } from "@/prisma/seed/factories";
import { createFans } from "@/test/support/api";
import { realPostgres, truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { skipWithout } from "@/test/support/servers";
import { notifyExpiringHolds } from "./notify-expiring-holds";
import { notifyQueueTurns } from "./notify-queue-turns";
import { setNotificationPreference } from "./preferences";
import { setQueueTurnAlert } from "./set-queue-turn-alert";

const db = () => getDb();

beforeEach(async () => {
  await flushQueueJournal();
  discardQueueJournal();
  await truncateAll();
  await resetRedis();
});

describe("queue_your_turn", () => {
  it("tells each fan who asked once per admission, with the window's end; not a fan who did not ask", async () => {
    const { venue } = await createVenueWithGrid(db(), { rows: 2, seatsPerRow: 10 });
    const t0 = Date.now();
    // One admission a second, a ten-minute window.
    const { event } = await createEventWithTickets(db(), { venueId: venue.id, onsaleAt: new Date(t0 - 60_000), queueEnabled: true, queueAdmissionPerMinute: 60, queueWindowSeconds: 600 });
    const [asked, silent, behind] = (await createFans(3, "turn")).map((f) => f.id) as [number, number, number];
    for (const [i, fan] of [asked, silent, behind].entries()) expect((await joinQueue({ eventId: event.id, userId: fan, now: t0 + i })).position).toBe(i + 1);
    await flushQueueJournal();
    await setQueueTurnAlert(asked, event.id, true);
    await setQueueTurnAlert(behind, event.id, true);

    // Nobody admitted yet: nothing to tell.
    expect(await notifyQueueTurns({ now: t0 + 10 })).toEqual({ notified: 0, expired: 0 });
    // 1.5 s later the first fan is through.
    const t1 = t0 + 1_500;
    expect(await notifyQueueTurns({ now: t1 })).toEqual({ notified: 1, expired: 0 });
    const first = await db().notification.findMany({ where: { kind: "queue_your_turn" } });
    expect(first.map((n) => [n.userId, n.channel])).toEqual([[asked, "email"]]);
    expect(first[0]!.payload).toMatchObject({ eventId: event.id, admittedUntil: new Date(t1 + 600_000).toISOString(), url: `/events/${event.id}/queue` });
    // Passes again, and two at once: still one message.
    await Promise.all([notifyQueueTurns({ now: t1 + 100 }), notifyQueueTurns({ now: t1 + 100 })]);
    expect(await db().notification.count({ where: { kind: "queue_your_turn" } })).toBe(1);

    // Everyone through: the fan behind is told, the fan who did not ask is not.
    expect(await notifyQueueTurns({ now: t0 + 10_000 })).toEqual({ notified: 1, expired: 0 });
    const all = await db().notification.findMany({ where: { kind: "queue_your_turn" }, orderBy: { id: "asc" } });
    expect(all.map((n) => n.userId)).toEqual([asked, behind]);
    expect(await db().queueTurnAlert.findMany({ orderBy: { userId: "asc" }, select: { userId: true, notifiedPosition: true } })).toEqual([
      { userId: asked, notifiedPosition: 1 },
      { userId: behind, notifiedPosition: 3 },
    ]);
  });

  it("a fan who turned queue_your_turn off everywhere gets nothing; one whose window is already over is not told", async () => {
    const { venue } = await createVenueWithGrid(db(), { rows: 1, seatsPerRow: 10 });
    const t0 = Date.now();
    const { event } = await createEventWithTickets(db(), { venueId: venue.id, onsaleAt: new Date(t0 - 60_000), queueEnabled: true, queueAdmissionPerMinute: 600, queueWindowSeconds: 60 });
    const [optedOut, late] = (await createFans(2, "turn2")).map((f) => f.id) as [number, number];
    await joinQueue({ eventId: event.id, userId: optedOut, now: t0 });
    await joinQueue({ eventId: event.id, userId: late, now: t0 });
    await flushQueueJournal();
    await setQueueTurnAlert(optedOut, event.id, true);
    await setNotificationPreference(optedOut, "queue_your_turn", "email", false);
    expect(await notifyQueueTurns({ now: t0 + 1_000 })).toMatchObject({ notified: 1 });
    expect(await db().notification.count({ where: { kind: "queue_your_turn" } })).toBe(0);
    // The second fan asks only after their window (admitted at t0+1 s by their own read below) ran out.
    expect((await joinQueue({ eventId: event.id, userId: late, now: t0 + 1_000 })).state).toBe("admitted");
    await setQueueTurnAlert(late, event.id, true);
    expect(await notifyQueueTurns({ now: t0 + 120_000 })).toEqual({ notified: 0, expired: 1 });
    expect(await db().notification.count({ where: { kind: "queue_your_turn" } })).toBe(0);
  });
});

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("hold_expiring", () => {
  async function heldEvent(holdMinutes: number[]) {
    const { venue } = await createVenueWithGrid(db(), { rows: 1, seatsPerRow: 10 });
    const { event } = await createEventWithTickets(db(), { venueId: venue.id });
    const tickets = await db().ticket.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" } });
    const fans = await createFans(holdMinutes.length, "holder");
    const now = Date.now();
    const holds = [];
    for (const [i, minutes] of holdMinutes.entries()) {
      const expiresAt = new Date(now + minutes * 60_000);
      const r = await db().reservation.create({ data: { userId: fans[i]!.id, eventId: event.id, status: "active", expiresAt, createdAt: new Date(now - 10 * 60_000) } });
      await db().ticket.updateMany({ where: { id: { in: [tickets[i * 2]!.id, tickets[i * 2 + 1]!.id] } }, data: { status: "reserved", userId: fans[i]!.id, reservationId: r.id, holdExpiresAt: expiresAt } });
      holds.push({ reservationId: r.id, userId: fans[i]!.id, expiresAt });
    }
    return { event, holds };
  }

  it("tells a hold ending within the notice once, not one ending later, nor a paid one, nor an opted-out fan", async () => {
    const { holds } = await heldEvent([2, 2, 2, 2, 30]);
    const [soon, paid, optedOut, twice, later] = holds as [(typeof holds)[number], (typeof holds)[number], (typeof holds)[number], (typeof holds)[number], (typeof holds)[number]];
    await db().reservation.update({ where: { id: paid.reservationId }, data: { status: "confirmed" } });
    await setNotificationPreference(optedOut.userId, "hold_expiring", "email", false);

    const passes = await Promise.all([notifyExpiringHolds({ noticeSeconds: 180 }), notifyExpiringHolds({ noticeSeconds: 180 }), notifyExpiringHolds({ noticeSeconds: 180 })]);
    expect(passes.reduce((n, p) => n + p.notified, 0)).toBe(3); // soon, optedOut (claimed, no channel), twice
    const rows = await db().notification.findMany({ where: { kind: "hold_expiring" }, orderBy: { userId: "asc" } });
    expect(rows.map((n) => n.userId).sort((a, b) => a - b)).toEqual([soon.userId, twice.userId].sort((a, b) => a - b));
    const payload = rows.find((n) => n.userId === soon.userId)!.payload as { seats: string[]; expiresAt: string; url: string };
    expect(payload.seats).toHaveLength(2);
    expect(payload.expiresAt).toBe(soon.expiresAt.toISOString());
    expect(payload.url).toBe(`/checkout/${soon.reservationId}`);
    // Later passes: nothing new, until the 30-minute hold comes within the notice.
    expect(await notifyExpiringHolds({ noticeSeconds: 180 })).toEqual({ notified: 0 });
    expect(await notifyExpiringHolds({ noticeSeconds: 180, now: new Date(later.expiresAt.getTime() - 60_000) })).toEqual({ notified: 1 });
    // Off: nothing.
    expect(await notifyExpiringHolds({ noticeSeconds: 0, now: new Date(later.expiresAt.getTime() - 60_000) })).toEqual({ notified: 0 });
  });

  it("a hold shorter than the notice is not told the moment it is made; the sweeper's pass sends the notices", async () => {
    const { venue } = await createVenueWithGrid(db(), { rows: 1, seatsPerRow: 4 });
    const { event } = await createEventWithTickets(db(), { venueId: venue.id });
    const [fan] = await createFans(1, "short");
    const ticket = await db().ticket.findFirstOrThrow({ where: { eventId: event.id } });
    const expiresAt = new Date(Date.now() + 60_000);
    const r = await db().reservation.create({ data: { userId: fan!.id, eventId: event.id, status: "active", expiresAt } });
    await db().ticket.update({ where: { id: ticket.id }, data: { status: "reserved", userId: fan!.id, reservationId: r.id, holdExpiresAt: expiresAt } });
    expect(await notifyExpiringHolds({ noticeSeconds: 180 })).toEqual({ notified: 0 });
    // A long hold through the sweeper's own pass.
    await db().reservation.update({ where: { id: r.id }, data: { createdAt: new Date(Date.now() - 600_000) } });
    const swept = await runSweep({ fullReconcile: false, reconcilePayments: false });
    expect(swept.notices).toMatchObject({ holdsExpiring: 1 });
    expect(await db().notification.count({ where: { kind: "hold_expiring", userId: fan!.id } })).toBe(1);
  });
});
