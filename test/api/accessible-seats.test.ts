// Accessible seats through the best-available route: never picked unless the fan asks
// (`accessible: true`), and then the block has a wheelchair space; GA places are never "seats" to
// it. The fans' seat map names the flagged seats (wheelchair_seat_ids, companion_seat_ids).
import { beforeEach, describe, expect, it } from "vitest";
import { POST as bestRoute } from "@/app/api/events/[event_id]/best-available/route";
import { getDb } from "@/lib/db";
import { getSeatMap } from "@/lib/events/get-seat-map";
import type { ReserveResult } from "@/lib/inventory/types";
import { createEventWithTickets, createUser, ensurePriceClasses } from "@/prisma/seed/factories";
import { accessTokenFor, postJson } from "@/test/support/api";
import { gaChartDocument, publishChartVenue } from "@/test/support/chart-venue";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";

type Json = ReserveResult & { error?: { code: string } };

beforeEach(async () => {
  await truncateAll();
  await resetRedis();
});

/** The small GA chart with row A seats 5 (wheelchair) and 6 (companion); one class for everything. */
async function setup() {
  const db = getDb();
  const admin = await createUser(db, { role: "admin" });
  const document = gaChartDocument(50);
  Object.assign(document.sections[0]!, { flags: [{ row: "A", seats: [5], flags: { accessible: "wheelchair" } }, { row: "A", seats: [6], flags: { accessible: "companion" } }] });
  const { venueId, sections } = await publishChartVenue(admin, document);
  const [gold] = await ensurePriceClasses(db);
  const { event } = await createEventWithTickets(db, {
    venueId,
    sections: [...sections.values()].map((s) => ({ sectionId: s.id, classId: gold!.id, price: "40.00" })),
  });
  return { event, venueId, classId: gold!.id };
}

describe("best-available and accessible seats", () => {
  it("never assigns an accessible seat unless asked; asked, the block has the wheelchair space; GA places are never picked", async () => {
    const { event, venueId, classId } = await setup();
    const fans = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createUser(getDb())));
    const tokens = await Promise.all(fans.map((f) => accessTokenFor(f)));
    const best = (token: string, quantity: number, accessible?: boolean) =>
      postJson<Json>(bestRoute, `/api/events/${event.id}/best-available`, { class_id: String(classId), quantity, ...(accessible === undefined ? {} : { accessible }) }, token, { params: { event_id: String(event.id) } });
    // 20 ordinary-or-flagged seats: ask for pairs until refused; none may be or on the floor.
    const seats: string[] = [];
    for (const token of tokens.slice(0, 5)) {
      const res = await best(token, 2);
      if (res.status !== 200) break;
      seats.push(...res.body.tickets.map((t) => t.seat));
      expect(res.body.tickets.every((t) => !t.general_admission)).toBe(true);
    }
    expect(seats.length).toBeGreaterThan(0);
    expect(seats).not.toContain("ORCH-A-5");
    expect(seats).not.toContain("ORCH-A-6");
    expect(seats.some((s) => s.startsWith("FLOOR"))).toBe(false);
    const asked = await best(tokens[5]!, 2, true);
    expect(asked.status).toBe(200);
    expect(asked.body.tickets.map((t) => t.seat).sort()).toEqual(["ORCH-A-5", "ORCH-A-6"]);
    expect((await postJson<Json>(bestRoute, `/api/events/${event.id}/best-available`, { class_id: String(classId), quantity: 2, accessible: "yes" }, tokens[0], { params: { event_id: String(event.id) } })).status).toBe(400);

    const { entry } = await getSeatMap(venueId);
    const map = entry.value;
    const idOf = (row: string, n: number) => map.seat_ids.find((_, i) => map.seat_row[i] === row && map.seat_number[i] === n);
    expect(map.wheelchair_seat_ids).toEqual([idOf("A", 5)]);
    expect(map.companion_seat_ids).toEqual([idOf("A", 6)]);
    // The floor's 50 places are not seats on the map; its capacity is.
    expect(map.seat_ids).toHaveLength(20);
    expect(Object.values(map.ga_capacity ?? {})).toEqual([50]);
  });
});
