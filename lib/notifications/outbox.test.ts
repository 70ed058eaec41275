import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { truncateAll } from "@/test/support/database";
import { createTestUser } from "@/test/support/auth";
import { enqueueNotification, enqueueNotificationRows } from "./outbox";

const offer = { eventId: 1, eventTitle: "The Show", seats: ["A-1-1", "A-1-2"], expiresAt: "2026-12-07T14:00:00.000Z", url: "/events/1" };

describe("enqueueNotification", () => {
  beforeEach(truncateAll);
  afterAll(disconnectDb);

  it("writes one queued email row with the payload, and a repeated dedupe key is a no-op", async () => {
    const user = await createTestUser();
    expect(await enqueueNotificationRows(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: "offer:1", data: offer })).toBe(1);
    expect(await enqueueNotificationRows(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: "offer:1", data: { ...offer, seats: ["X"] } })).toBe(0);
    const rows = await getDb().notification.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: user.id, kind: "waitlist_offer", channel: "email", status: "queued", attempts: 0, payload: offer });
  });

  it("follows the fan's channel choices, but never drops the email of a required kind", async () => {
    const user = await createTestUser();
    await getDb().notificationPreference.createMany({
      data: [
        { userId: user.id, kind: "waitlist_offer", channel: "email", enabled: false },
        { userId: user.id, kind: "waitlist_offer", channel: "sms", enabled: true },
        { userId: user.id, kind: "password_reset", channel: "email", enabled: false },
      ],
    });
    await enqueueNotification(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: "offer:2", data: offer });
    await enqueueNotification(getDb(), { userId: user.id, kind: "password_reset", dedupeKey: "reset:1", data: { tokenId: 5 } });
    const rows = await getDb().notification.findMany({ orderBy: { id: "asc" }, select: { kind: true, channel: true } });
    expect(rows).toEqual([
      { kind: "waitlist_offer", channel: "sms" },
      { kind: "password_reset", channel: "email" },
    ]);
  });

  it("is part of the caller's transaction: rolled back with it", async () => {
    const user = await createTestUser();
    await expect(
      getDb().$transaction(async (tx) => {
        await enqueueNotification(tx, { userId: user.id, kind: "waitlist_offer", dedupeKey: "offer:3", data: offer });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await getDb().notification.count()).toBe(0);
  });

  it("refuses data that does not fit the kind, and writes nothing", async () => {
    const user = await createTestUser();
    await expect(enqueueNotification(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: "k", data: { ...offer, expiresAt: "soon" } })).rejects.toThrow(/expiresAt/);
    await expect(enqueueNotification(getDb(), { userId: user.id, kind: "nope" as never, dedupeKey: "k", data: {} })).rejects.toThrow(/unknown/);
    expect(await getDb().notification.count()).toBe(0);
  });

  it("concurrent enqueues of the same cause write one row", async () => {
    const user = await createTestUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => enqueueNotificationRows(getDb(), { userId: user.id, kind: "waitlist_offer", dedupeKey: "offer:race", data: offer })),
    );
    expect(results.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await getDb().notification.count()).toBe(1);
  });
});
