// The door scanner's server side: the events each caller may scan for, and a ticket of another
// event refused as wrong_event (nothing admitted) when the scanner names its event.
import { beforeEach, describe, expect, it } from "vitest";
import { POST as checkInRoute } from "@/app/api/tickets/check-in/route";
import { listCheckInEvents } from "@/lib/admin/scanner";
import type { Caller } from "@/lib/auth/get-caller";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { signTicketToken } from "@/lib/tickets/ticket-token";
import { createEventWithTickets, createUser } from "@/prisma/seed/factories";
import { createCast } from "@/test/support/actors";
import { postJson, type RouteHandler } from "@/test/support/api";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

const asCaller = (u: User): Caller => ({ userId: u.id, role: u.role, email: u.email, username: u.username });

describe("scanner", () => {
  it("lists only the events of venues where the caller may check in", async () => {
    const db = getDb();
    const cast = await createCast();
    const fan = await createUser(db);
    const here = await createEventWithTickets(db, { venueId: cast.venue.venue.id, title: "Here" });
    await createEventWithTickets(db, { venueId: cast.otherVenue.venue.id, title: "There" });
    await createEventWithTickets(db, { venueId: cast.venue.venue.id, title: "Long ago", datetime: new Date(Date.now() - 3 * 86_400_000) });
    const titles = async (u: User) => (await listCheckInEvents(asCaller(u))).map((e) => e.title).sort();
    expect(await titles(cast.actors.doorStaff.user!)).toEqual(["Here"]);
    expect(await titles(cast.actors.venueAdmin.user!)).toEqual(["Here"]);
    expect(await titles(cast.actors.otherVenueAdmin.user!)).toEqual(["There"]);
    expect(await titles(cast.actors.admin.user!)).toEqual(["Here", "There"]);
    expect(await titles(fan)).toEqual([]);
    expect(here.event.title).toBe("Here");
  });

  it("refuses a ticket of another event as wrong_event and admits nothing; the right event admits it", async () => {
    const db = getDb();
    const cast = await createCast();
    const fan = await createUser(db);
    const { event: show } = await createEventWithTickets(db, { venueId: cast.venue.venue.id, title: "Show", sold: { buyerIds: [fan.id], tickets: 2, orderSize: 2 } });
    const { event: matinee } = await createEventWithTickets(db, { venueId: cast.venue.venue.id, title: "Matinee" });
    const item = await db.orderItem.findFirstOrThrow({ where: { eventId: show.id } });
    const token = signTicketToken({ orderItemId: item.id, tokenSecret: item.tokenSecret });
    const door = cast.actors.doorStaff.token!;
    const wrong = await postJson<{ error: { code: string; event_title: string } }>(checkInRoute as RouteHandler, "/api/tickets/check-in", { token, event_id: String(matinee.id) }, door);
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: "wrong_event", event_title: "Show" });
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: item.id } })).checkedInAt).toBeNull();
    for (const bad of ["abc", -1, 0, "1.5"]) expect((await postJson(checkInRoute as RouteHandler, "/api/tickets/check-in", { token, event_id: bad }, door)).status).toBe(400);
    const ok = await postJson(checkInRoute as RouteHandler, "/api/tickets/check-in", { token, event_id: show.id }, door);
    expect(ok.status).toBe(200);
    const again = await postJson<{ error: { code: string } }>(checkInRoute as RouteHandler, "/api/tickets/check-in", { token, event_id: show.id }, door);
    expect(again.body.error.code).toBe("already_checked_in");
  });
});
