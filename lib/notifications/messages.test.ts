// The messages other code triggers: the order confirmation (e-ticket links and an .ics file),
// event cancelled/changed to every ticket holder, and the mails' shape (HTML, text, headers).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { disconnectDb, getDb } from "@/lib/db";
import { startMailCatcher, type MailCatcher } from "@/mail-catcher/catcher";
import { createEventWithTickets, createUser, createVenueWithGrid, sellTickets } from "@/prisma/seed/factories";
import { transferTicket } from "@/lib/tickets/transfer-ticket";
import { truncateAll } from "@/test/support/database";
import { closeEmailTransport } from "./email/smtp-transport";
import { notifyEventCancelled, notifyEventChanged } from "./event-notices";
import { enqueueNotification } from "./outbox";
import { drainNotifications } from "./worker";

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
  catcher.clear();
});

async function soldEvent(buyers: number) {
  const db = getDb();
  const venue = await createVenueWithGrid(db, { sections: 1, rows: 2, seatsPerRow: 6 });
  const event = (await createEventWithTickets(db, { venueId: venue.venue.id })).event;
  const fans = await Promise.all(Array.from({ length: buyers }, () => createUser(db)));
  await sellTickets(db, { eventId: event.id, buyerIds: fans.map((f) => f.id), tickets: 8, orderSize: 2 });
  return { event, fans };
}

describe("order confirmation", () => {
  it("lists the e-tickets with links and attaches an .ics calendar file", async () => {
    const { event } = await soldEvent(1);
    const payment = await getDb().payment.findFirstOrThrow({ include: { items: true } });
    await enqueueNotification(getDb(), { userId: payment.userId, kind: "order_confirmation", dedupeKey: `order_confirmation:${payment.id}`, data: { paymentId: payment.id } });
    expect(await drainNotifications()).toMatchObject({ sent: 1 });
    const [mail] = catcher.messages();
    expect(mail!.subject).toBe(`Your tickets for ${event.title}`);
    for (const item of payment.items) {
      expect(mail!.html).toContain(`/account/tickets/${item.id}`);
      expect(mail!.text).toContain(item.seat);
    }
    // Transactional: no unsubscribe.
    expect(mail!.headers["list-unsubscribe"]).toBeUndefined();
    const ics = mail!.attachments.find((a) => a.filename === "event.ics");
    expect(ics?.contentType).toBe("text/calendar");
    expect(ics!.content).toContain("BEGIN:VEVENT");
    expect(ics!.content).toContain(`SUMMARY:${event.title}`);
    const start = event.datetime.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    expect(ics!.content).toContain(`DTSTART:${start}`);
  });
});

describe("ticket transfer", () => {
  it("mails the sender and the recipient once each, without an unsubscribe link", async () => {
    const { event, fans } = await soldEvent(1);
    const sender = fans[0]!;
    const friend = await createUser(getDb());
    const item = await getDb().orderItem.findFirstOrThrow({ where: { userId: sender.id }, orderBy: { id: "asc" } });
    await transferTicket({ orderItemId: item.id, recipientEmail: friend.email, caller: { userId: sender.id, role: "buyer", email: sender.email, username: sender.username } });
    expect(await drainNotifications()).toMatchObject({ sent: 2 });
    const mails = catcher.messages();
    const out = mails.find((m) => m.to.includes(sender.email));
    const received = mails.find((m) => m.to.includes(friend.email));
    expect(out!.subject).toBe(`You sent your ticket for ${event.title} to ${friend.username}`);
    expect(out!.text).toContain(item.seat);
    expect(out!.text).toMatch(/no longer admits anyone/);
    expect(received!.subject).toBe(`${sender.username} sent you a ticket for ${event.title}`);
    expect(received!.html).toContain(`/account/tickets/${item.id}`);
    for (const m of [out!, received!]) expect(m.headers["list-unsubscribe"]).toBeUndefined();
    expect(await drainNotifications()).toMatchObject({ sent: 0 });
  });
});

describe("event cancelled / changed", () => {
  it("tells every holder once, in the caller's transaction, honouring opt-outs for changes only", async () => {
    const { event, fans } = await soldEvent(3);
    const holders = (await getDb().orderItem.findMany({ where: { eventId: event.id }, distinct: ["userId"], select: { userId: true } })).map((h) => h.userId).sort();
    expect(holders.length).toBeGreaterThan(1);
    const optedOut = holders[0]!;
    await getDb().notificationPreference.createMany({
      data: [
        { userId: optedOut, kind: "event_changed", channel: "email", enabled: false },
        { userId: optedOut, kind: "event_cancelled", channel: "email", enabled: false },
      ],
    });
    // Rolled back with the change that failed.
    await expect(
      getDb().$transaction(async (tx) => {
        await notifyEventChanged(tx, { eventId: event.id, changeId: "v2", changes: ["New time: 9 pm"] });
        throw new Error("the edit failed");
      }),
    ).rejects.toThrow("the edit failed");
    expect(await getDb().notification.count()).toBe(0);

    expect(await notifyEventChanged(getDb(), { eventId: event.id, changeId: "v2", changes: ["New time: 9 pm"] })).toBe(holders.length - 1);
    expect(await notifyEventChanged(getDb(), { eventId: event.id, changeId: "v2", changes: ["New time: 9 pm"] })).toBe(0);
    expect(await notifyEventCancelled(getDb(), { eventId: event.id })).toBe(holders.length);
    await drainNotifications();
    const to = (kind: string) =>
      catcher
        .messages()
        .filter((m) => m.subject.startsWith(kind))
        .flatMap((m) => m.to)
        .sort();
    const emailOf = new Map(fans.map((f) => [f.id, f.email]));
    expect(to("Changed")).toEqual(holders.filter((h) => h !== optedOut).map((h) => emailOf.get(h)).sort());
    expect(to("Cancelled")).toEqual(holders.map((h) => emailOf.get(h)).sort());
  });
});
