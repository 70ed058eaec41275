// The outbox under faults, on real PostgreSQL, against the real mail catcher over SMTP: a worker
// killed mid-batch, SMTP refusing for a while, two workers draining at once. Every message must end
// up in the catcher exactly once, compared by Message-ID.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { startMailCatcher, type MailCatcher } from "@/mail-catcher/catcher";
import { createTestUser } from "@/test/support/auth";
import { realPostgres, truncateAll } from "@/test/support/database";
import { skipWithout } from "@/test/support/servers";
import { closeEmailTransport } from "./email/smtp-transport";
import { enqueueNotification } from "./outbox";
import { claimDueNotifications, drainNotifications, notificationMessageId } from "./worker";

let catcher: MailCatcher;
const savedSmtp = process.env.SMTP_URL;

beforeAll(async () => {
  catcher = await startMailCatcher();
  process.env.SMTP_URL = catcher.smtpUrl;
});
afterAll(async () => {
  closeEmailTransport();
  await catcher.close();
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
  await disconnectDb();
});
beforeEach(async () => {
  await truncateAll();
  catcher.refuse(null);
  catcher.clear();
});

const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);
const lease = 60_000;

async function enqueueOffers(n: number): Promise<number[]> {
  const users = await Promise.all(Array.from({ length: Math.min(n, 10) }, () => createTestUser()));
  for (let i = 0; i < n; i++) {
    const user = users[i % users.length]!;
    await enqueueNotification(getDb(), {
      userId: user.id,
      kind: "waitlist_offer",
      dedupeKey: `offer:${i}`,
      data: { eventId: 1, eventTitle: `Show ${i}`, seats: [`A-1-${i}`], expiresAt: "2030-01-01T00:15:00.000Z", url: "/events/1" },
    });
  }
  // The test clock starts at T0; rows were written at the real now (before T0), so they are due.
  const rows = await getDb().notification.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((r) => r.id);
}

/** Each expected Message-ID exactly once in the catcher, and nothing else. */
function expectDeliveredOnce(ids: number[]) {
  const got = catcher.messages().map((m) => m.messageId);
  const counts = new Map<string, number>();
  for (const id of got) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect(got).toHaveLength(ids.length);
  for (const id of ids) expect(counts.get(notificationMessageId(id)), `message ${id}`).toBe(1);
}

describe("the outbox worker", () => {
  it("delivers a rendered mail (HTML, text, unsubscribe headers) and records it as sent", async () => {
    const [id] = await enqueueOffers(1);
    const result = await drainNotifications({ now: at(0), leaseMs: lease });
    expect(result).toMatchObject({ claimed: 1, sent: 1 });
    const [mail] = catcher.messages();
    expect(mail!.subject).toContain("Show 0");
    expect(mail!.html).toContain("Buy my seats");
    expect(mail!.text).toContain("A-1-0");
    expect(mail!.headers["list-unsubscribe"]).toMatch(/^<http.*\/api\/notifications\/unsubscribe\?token=/);
    expect(mail!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const row = await getDb().notification.findUniqueOrThrow({ where: { id: id! } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row.providerMessageId).toMatch(/250/);
  });

  it("a worker killed after claiming loses nothing: its rows are taken over once the lease has passed, and sent once", async () => {
    const ids = await enqueueOffers(30);
    // The doomed worker claims half and dies before sending anything.
    const doomed = await claimDueNotifications({ limit: 15, leaseMs: lease, now: at(0)() });
    expect(doomed).toHaveLength(15);
    // A healthy worker, before the lease ends, sends only the others.
    expect(await drainNotifications({ now: at(1_000), leaseMs: lease })).toMatchObject({ claimed: 15, sent: 15 });
    // After the lease, the dead worker's rows are due again.
    expect(await drainNotifications({ now: at(lease + 1), leaseMs: lease })).toMatchObject({ claimed: 15, sent: 15 });
    expectDeliveredOnce(ids);
    expect(await getDb().notification.count({ where: { status: "sent" } })).toBe(30);
    const retaken = await getDb().notification.findMany({ where: { id: { in: doomed.map((d) => d.id) } }, select: { attempts: true } });
    expect(retaken.every((r) => r.attempts === 2)).toBe(true);
  });

  it("a worker that dies between the provider's acceptance and recording sends again with the same Message-ID", async () => {
    const [id] = await enqueueOffers(1);
    await expect(
      drainNotifications({
        now: at(0),
        leaseMs: lease,
        afterSend: () => {
          throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    expect(await drainNotifications({ now: at(lease + 1), leaseMs: lease })).toMatchObject({ sent: 1 });
    // The documented limit: the catcher saw it twice, recognisably the same message.
    const ids = catcher.messages().map((m) => m.messageId);
    expect(ids).toEqual([notificationMessageId(id!), notificationMessageId(id!)]);
  });

  it("SMTP refusing for a while: messages are retried with back-off and each delivered once afterwards", async () => {
    const ids = await enqueueOffers(20);
    catcher.refuse("451 4.3.0 try again later");
    const base = 10_000;
    expect(await drainNotifications({ now: at(0), leaseMs: lease, retryBaseMs: base })).toMatchObject({ claimed: 20, retried: 20, sent: 0 });
    const after1 = await getDb().notification.findMany({ select: { status: true, attempts: true, lastError: true, nextAttemptAt: true } });
    expect(after1.every((r) => r.status === "queued" && r.attempts === 1 && /451/.test(r.lastError ?? ""))).toBe(true);
    // Not due again before the back-off.
    expect(await drainNotifications({ now: at(base - 1), leaseMs: lease, retryBaseMs: base })).toMatchObject({ claimed: 0 });
    // Still refusing at the second try: the delay doubles.
    expect(await drainNotifications({ now: at(base * 1.1), leaseMs: lease, retryBaseMs: base })).toMatchObject({ retried: 20 });
    const after2 = await getDb().notification.findMany({ select: { nextAttemptAt: true } });
    for (const r of after2) expect(r.nextAttemptAt.getTime() - at(base * 1.1)().getTime()).toBeGreaterThanOrEqual(2 * base);
    // The provider is back: everything goes out, once.
    catcher.refuse(null);
    expect(await drainNotifications({ now: at(60_000), leaseMs: lease, retryBaseMs: base })).toMatchObject({ sent: 20 });
    expectDeliveredOnce(ids);
  });

  it("gives up after the maximum attempts, and a permanent refusal fails at once", async () => {
    const [a, b] = await enqueueOffers(2);
    catcher.refuse("451 later");
    await drainNotifications({ now: at(0), maxAttempts: 2, retryBaseMs: 1 });
    await drainNotifications({ now: at(10), maxAttempts: 2, retryBaseMs: 1 });
    const rows = await getDb().notification.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(rows[0]!.lastError).toMatch(/gave up after 2 attempts/);
    await getDb().notification.updateMany({ data: { status: "queued", attempts: 0, nextAttemptAt: T0 } });
    catcher.refuse("550 5.1.1 no such user");
    await drainNotifications({ now: at(0), maxAttempts: 5 });
    const permanent = await getDb().notification.findMany({ where: { id: { in: [a!, b!] } } });
    expect(permanent.map((r) => [r.status, r.attempts])).toEqual([
      ["failed", 1],
      ["failed", 1],
    ]);
  });

  it("a message the fan turned off since it was queued is suppressed, not sent", async () => {
    const [id] = await enqueueOffers(1);
    const row = await getDb().notification.findUniqueOrThrow({ where: { id: id! } });
    await getDb().notificationPreference.create({ data: { userId: row.userId, kind: "waitlist_offer", channel: "email", enabled: false } });
    expect(await drainNotifications({ now: at(0) })).toMatchObject({ suppressed: 1, sent: 0 });
    expect(catcher.messages()).toHaveLength(0);
  });
});

describe.skipIf(skipWithout("a real PostgreSQL server", realPostgres))("workers draining at once", () => {
  it("four workers draining the same 200 messages deliver each one exactly once", async () => {
    const ids = await enqueueOffers(200);
    const results = await Promise.all(Array.from({ length: 4 }, () => drainNotifications({ now: at(0), leaseMs: lease, batchSize: 10 })));
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(200);
    expect(results.reduce((s, r) => s + r.lost, 0)).toBe(0);
    // More than one worker did some of the work (SKIP LOCKED shares it rather than serialising it).
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    expectDeliveredOnce(ids);
  });
});
