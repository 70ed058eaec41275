// Venue geometry for the seating chart. It changes only when the venue's chart version is bumped,
// so it is built once per version, shared across instances through Redis and kept in each process
// for an hour. A request that names the version (`?v=N`, as the event payload's seat_map_url does)
// is answered from the cache without touching PostgreSQL.
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import type { SeatMap } from "@/lib/events/types";
import { seatMapCacheKey, seatMapCachePolicy, venueChartCacheKey, venueChartCachePolicy } from "@/lib/events/cache-keys";
import { cachedEntry, peekCached, type Cached } from "@/lib/redis/cached";
import { getRedis } from "@/lib/redis";

type Chart = { width: number; height: number; stage: SeatMap["stage"] };

async function buildSeatMap(venueId: number, version: number, chart: Chart): Promise<SeatMap> {
  const db = getDb();
  const [sections, seats] = await Promise.all([
    db.section.findMany({ where: { venueId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    db.$queryRaw<{ id: number; section_id: number; row: string; number: number; x: number; y: number }[]>`
      SELECT seat_id AS id, section_id, "row", "number", x, y FROM seat WHERE venue_id = ${venueId} ORDER BY seat_id`,
  ]);
  const sectionIndex = new Map(sections.map((s, i) => [s.id, i]));
  const map: SeatMap = {
    venue_id: String(venueId),
    version,
    width: chart.width,
    height: chart.height,
    stage: chart.stage,
    sections: sections.map((s) => ({
      id: String(s.id),
      name: s.name,
      label: s.label,
      kind: s.kind,
      label_x: s.labelX,
      label_y: s.labelY,
      outline: s.outline,
    })),
    seat_ids: [],
    seat_section: [],
    seat_row: [],
    seat_number: [],
    seat_x: [],
    seat_y: [],
  };
  for (const seat of seats) {
    map.seat_ids.push(seat.id);
    map.seat_section.push(sectionIndex.get(seat.section_id) ?? -1);
    map.seat_row.push(seat.row);
    map.seat_number.push(seat.number);
    // One decimal is far below a seat's size and keeps the payload small.
    map.seat_x.push(Math.round(seat.x * 10) / 10);
    map.seat_y.push(Math.round(seat.y * 10) / 10);
  }
  return map;
}

type VenueChart = { id: number; chartVersion: number; chart: Chart };

async function getVenueChart(venueId: number): Promise<VenueChart | null> {
  const entry = await cachedEntry(getRedis(), venueChartCacheKey(venueId), venueChartCachePolicy, async () => {
    const venue = await getDb().venue.findUnique({ where: { id: venueId }, select: { id: true, chart: true, chartVersion: true } });
    return venue ? { id: venue.id, chartVersion: venue.chartVersion, chart: venue.chart as Chart } : null;
  });
  return entry.value as VenueChart | null;
}

/**
 * The geometry of the venue's chart: of `version` when that version is cached, else of the current
 * version (which the caller compares with the one it asked for).
 */
export async function getSeatMap(venueId: number, version?: number): Promise<{ version: number; entry: Cached<SeatMap> }> {
  if (version !== undefined) {
    const hit = await peekCached<SeatMap>(getRedis(), seatMapCacheKey(venueId, version), seatMapCachePolicy);
    if (hit) return { version, entry: hit };
  }
  const venue = await getVenueChart(venueId);
  if (!venue) throw new AppError("not_found", `Venue ${venueId} was not found`);
  const key = seatMapCacheKey(venue.id, venue.chartVersion);
  const entry = await cachedEntry(getRedis(), key, seatMapCachePolicy, () => buildSeatMap(venue.id, venue.chartVersion, venue.chart));
  return { version: venue.chartVersion, entry };
}
