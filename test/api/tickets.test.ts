// E-tickets through the route handlers: check-in at the door (who may scan, once only, also when
// twenty scanners race, never for a cancelled or resold ticket, never for a forged code) and the
// QR code download (its buyer or an admin only).
import { beforeEach, describe, expect, it } from "vitest";
import { POST as checkInRoute } from "@/app/api/tickets/check-in/route";
import { GET as qrRoute } from "@/app/api/tickets/[order_item_id]/qr.svg/route";
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { signTicketToken } from "@/lib/tickets/ticket-token";
import type { CheckInResult } from "@/lib/tickets/types";
import { createEventWithTickets, createUser, createVenueWithGrid } from "@/prisma/seed/factories";
import { sessionCookieFor } from "@/test/support/auth";
import { truncateAll } from "@/test/support/database";

type ErrorBody = { error: { code: string; message: string; checked_in_at?: string; ticket_status?: string } };

const bearer = async (user: User) =>
  `Bearer ${(await issueAccessToken({ id: user.id, role: user.role, email: user.email, username: user.username })).access_token}`;

async function checkIn(body: unknown, user?: User) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (user) headers.authorization = await bearer(user);
  const req = new Request("http://localhost/api/tickets/check-in", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const res = await checkInRoute(req, { params: Promise.resolve({}) } as never);
  return { status: res.status, body: (await res.json()) as CheckInResult & ErrorBody };
}

async function downloadQr(orderItemId: number | string, headers: Record<string, string> = {}) {
  const req = new Request(`http://localhost/api/tickets/${orderItemId}/qr.svg`, { headers });
  return qrRoute(req, { params: Promise.resolve({ order_item_id: String(orderItemId) }) } as never);
}

/** A venue with an event, a second venue, the fan's order of two tickets and their tokens, and staff. */
async function setup() {
  const db = getDb();
  const fan = await createUser(db);
  const { venue } = await createVenueWithGrid(db, { rows: 2, seatsPerRow: 6 });
  const { venue: otherVenue } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
  const { event } = await createEventWithTickets(db, { venueId: venue.id, title: "Door Test", sold: { buyerIds: [fan.id], tickets: 2, orderSize: 2 } });
  const items = await db.orderItem.findMany({ where: { eventId: event.id }, orderBy: { id: "asc" } });
  const tokens = items.map((i) => signTicketToken({ orderItemId: i.id, tokenSecret: i.tokenSecret }));
  const admin = await createUser(db, { role: "admin" });
  const staff = await createUser(db, { role: "venue_admin", venueIds: [venue.id] });
  const otherStaff = await createUser(db, { role: "venue_admin", venueIds: [otherVenue.id] });
  return { db, fan, event, items, tokens, admin, staff, otherStaff };
}

beforeEach(async () => {
  await truncateAll();
});

describe("POST /api/tickets/check-in", () => {
  it("admits a ticket scanned by an admin, once, and records who and when", async () => {
    const { db, fan, event, items, tokens, admin } = await setup();
    const before = Date.now();
    const first = await checkIn({ token: tokens[0] }, admin);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: "admitted",
      ticket: {
        order_item_id: String(items[0]!.id),
        ticket_id: String(items[0]!.ticketId),
        event_id: String(event.id),
        event_title: "Door Test",
        seat: items[0]!.seat,
        class: "Gold",
        holder: fan.username,
      },
      checked_in_at: expect.any(String),
    });
    const checkedInAt = new Date(first.body.checked_in_at).getTime();
    expect(checkedInAt).toBeGreaterThanOrEqual(before - 1000);
    const row = await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } });
    expect(row.checkedInAt?.toISOString()).toBe(first.body.checked_in_at);
    expect(row.checkedInBy).toBe(admin.id);

    const second = await checkIn({ token: tokens[0] }, admin);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "already_checked_in", checked_in_at: first.body.checked_in_at });
    // The other ticket of the order is still good.
    expect((await checkIn({ token: tokens[1] }, admin)).status).toBe(200);
  });

  it("lets the event venue's admin scan, and refuses another venue's admin, a buyer and anonymous callers", async () => {
    const { db, fan, items, tokens, staff, otherStaff } = await setup();
    const stranger = await createUser(db);
    expect((await checkIn({ token: tokens[0] }, otherStaff)).body.error).toMatchObject({ code: "forbidden" });
    expect((await checkIn({ token: tokens[0] }, otherStaff)).status).toBe(403);
    expect((await checkIn({ token: tokens[0] }, fan)).status).toBe(403);
    expect((await checkIn({ token: tokens[0] }, stranger)).status).toBe(403);
    expect((await checkIn({ token: tokens[0] })).status).toBe(401);
    // None of them admitted anyone.
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } })).checkedInAt).toBeNull();

    const ok = await checkIn({ token: tokens[0] }, staff);
    expect(ok.status).toBe(200);
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } })).checkedInBy).toBe(staff.id);
  });

  it("lets the venue's door staff scan, and refuses door staff of another venue", async () => {
    const { db, event, items, tokens } = await setup();
    const door = await createUser(db, { role: "door_staff", venueIds: [event.venueId] });
    const { venue: elsewhere } = await createVenueWithGrid(db, { rows: 1, seatsPerRow: 2 });
    const otherDoor = await createUser(db, { role: "door_staff", venueIds: [elsewhere.id] });
    const refused = await checkIn({ token: tokens[0] }, otherDoor);
    expect(refused.status).toBe(403);
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } })).checkedInAt).toBeNull();
    const ok = await checkIn({ token: tokens[0] }, door);
    expect(ok.status).toBe(200);
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } })).checkedInBy).toBe(door.id);
  });

  it("works with the session cookie of a same-origin scanner page too", async () => {
    const { tokens, staff } = await setup();
    const req = new Request("http://localhost/api/tickets/check-in", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await sessionCookieFor(staff), "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ token: `  ${tokens[0]}\n` }),
    });
    const res = await checkInRoute(req, { params: Promise.resolve({}) } as never);
    expect(res.status).toBe(200);
  });

  it("admits exactly one of twenty simultaneous scans of the same code", async () => {
    const { db, items, tokens, admin, staff } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => checkIn({ token: tokens[0] }, i % 2 ? admin : staff)));
    const admitted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 409);
    expect(admitted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    const at = admitted[0]!.body.checked_in_at;
    expect(refused.every((r) => r.body.error.code === "already_checked_in" && r.body.error.checked_in_at === at)).toBe(true);
    const row = await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } });
    expect(row.checkedInAt?.toISOString()).toBe(at);
  });

  it("refuses cancelled or refunded tickets, a seat that left the order, and a cancelled event", async () => {
    const { db, event, items, tokens, admin } = await setup();
    await db.orderItem.update({ where: { id: items[0]!.id }, data: { status: "cancelled", cancelReason: "Fan cancelled", cancelledAt: new Date() } });
    const cancelled = await checkIn({ token: tokens[0] }, admin);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error).toMatchObject({ code: "ticket_not_valid", ticket_status: "cancelled" });
    expect(cancelled.body.error.message).toContain("Fan cancelled");
    await db.orderItem.update({ where: { id: items[0]!.id }, data: { status: "refunded" } });
    expect((await checkIn({ token: tokens[0] }, admin)).body.error).toMatchObject({ code: "ticket_not_valid", ticket_status: "refunded" });

    // The order item still says issued, but its seat was freed (and perhaps sold again).
    await db.ticket.update({ where: { id: items[1]!.ticketId }, data: { status: "available", paymentId: null, userId: null } });
    const freed = await checkIn({ token: tokens[1] }, admin);
    expect(freed.status).toBe(409);
    expect(freed.body.error.code).toBe("ticket_not_valid");
    await db.ticket.update({ where: { id: items[1]!.ticketId }, data: { status: "confirmed", paymentId: items[1]!.paymentId, userId: items[1]!.userId } });

    await db.event.update({ where: { id: event.id }, data: { status: "cancelled" } });
    expect((await checkIn({ token: tokens[1] }, admin)).body.error).toMatchObject({ code: "ticket_not_valid", message: "This event was cancelled" });
    await db.event.update({ where: { id: event.id }, data: { status: "scheduled" } });
    expect((await checkIn({ token: tokens[1] }, admin)).status).toBe(200);
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } })).checkedInAt).toBeNull();
  });

  it("answers 400 for a forged or garbled code, 404 for a signed code that names no ticket", async () => {
    const { db, items, tokens, admin } = await setup();
    const [id, secret, signature] = tokens[0]!.split(".") as [string, string, string];
    const forged = `${id}.${secret}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    for (const token of [forged, `${items[1]!.id}.${secret}.${signature}`, tokens[0]!.slice(0, -3), "hello", `${tokens[0]}.x`]) {
      const res = await checkIn({ token }, admin);
      expect(res.status, token).toBe(400);
      expect(res.body.error.code).toBe("invalid_ticket_token");
    }
    for (const body of [{}, { token: "" }, { token: 42 }, "not json", { token: "x".repeat(1001) }]) {
      const res = await checkIn(body, admin);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/^(validation_error|bad_request)$/);
    }
    const unknown = await checkIn({ token: signTicketToken({ orderItemId: 999_999, tokenSecret: "f".repeat(32) }) }, admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("not_found");
    // Signed by us, but the row's secret was replaced since: the old code is dead.
    await db.orderItem.update({ where: { id: items[0]!.id }, data: { tokenSecret: "0".repeat(32) } });
    expect((await checkIn({ token: tokens[0] }, admin)).status).toBe(404);
  });
});

describe("GET /api/tickets/:order_item_id/qr.svg", () => {
  it("gives the buyer (and an admin) the QR code as an SVG attachment, and 404s everyone else", async () => {
    const { db, fan, items, admin, staff } = await setup();
    const id = items[0]!.id;
    const res = await downloadQr(id, { authorization: await bearer(fan) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="openseat-ticket-${id}.svg"`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg role="img" aria-label="E-ticket QR code for seat [^"]+, Door Test"/);

    expect((await downloadQr(id, { cookie: await sessionCookieFor(fan) })).status).toBe(200);
    expect((await downloadQr(id, { authorization: await bearer(admin) })).status).toBe(200);
    const stranger = await createUser(db);
    for (const user of [stranger, staff]) {
      const denied = await downloadQr(id, { authorization: await bearer(user) });
      expect(denied.status).toBe(404);
      expect(((await denied.json()) as ErrorBody).error.code).toBe("not_found");
    }
    expect((await downloadQr(id)).status).toBe(401);
    expect((await downloadQr(999_999, { authorization: await bearer(fan) })).status).toBe(404);
    expect((await downloadQr("abc", { authorization: await bearer(fan) })).status).toBe(400);

    await db.orderItem.update({ where: { id }, data: { status: "cancelled" } });
    const gone = await downloadQr(id, { authorization: await bearer(fan) });
    expect(gone.status).toBe(409);
    expect(((await gone.json()) as ErrorBody).error.code).toBe("ticket_not_valid");
  });
});
