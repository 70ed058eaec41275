// Every demo venue, written the way the seed writes it, opens in the builder: its seats become a
// published version, and the document derived from them passes the same validation as a new one.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createUser, createVenue } from "@/prisma/seed/factories";
import { chartVersionOf, demoVenues } from "@/prisma/seed/venues";
import { truncateAll } from "@/test/support/database";
import { getDraft } from "./versions";

beforeAll(async () => {
  await truncateAll();
});

describe("demo venues in the builder", () => {
  it.each(demoVenues().map((v) => [v.name, v] as const))("%s", async (_name, spec) => {
    const db = getDb();
    const { venue, seatCount } = await createVenue(db, { ...spec, chartVersion: chartVersionOf(spec) });
    const admin = await createUser(db, { role: "admin" });
    const draft = await getDraft({ userId: admin.id, role: "admin", email: admin.email, username: admin.username }, venue.id);
    expect(draft.based_on).toBe(venue.chartVersion);
    expect(draft.seat_count).toBe(seatCount);
    expect(draft.problems).toEqual([]);
  }, 120_000);
});
