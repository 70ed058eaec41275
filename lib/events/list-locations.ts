import { getDb } from "@/lib/db";

/** Cities that have upcoming events, for the search filter. */
export async function listLocations(now: Date = new Date()): Promise<string[]> {
  const rows = await getDb().event.findMany({
    where: { datetime: { gte: now } },
    distinct: ["location"],
    select: { location: true },
    orderBy: { location: "asc" },
  });
  return rows.map((r) => r.location);
}
