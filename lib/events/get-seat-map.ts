// Venue geometry for the seating chart: the sections and seats of one published chart version
// (lib/venues/versions.ts; an event names its own, lib/venues/binding.ts). A version never changes,
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

async function buildSeatMap(venueId: number, version: number, chartVersionId: number, chart: Chart): Promise<SeatMap> {
  const db = getDb();
  const [sections, seats] = await Promise.all([
    db.section.findMany({ where: { venueId, chartVersionId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    db.$queryRaw<{ id: number; section_id: number; row: string; number: number; x: number; y: number; accessible: string | null; restricted_view: boolean }[]>`
      SELECT s.seat_id AS id, s.section_id, s."row", s."number", s.x, s.y, s.accessible::text AS accessible, s.restricted_view
        FROM seat s JOIN section sec ON sec.section_id = s.section_id
       -- GA places (lib/venues/ga-places.ts) are sold by quantity and drawn as their area's outline
       WHERE s.chart_version_id = ${chartVersionId} AND sec.kind = 'seated' ORDER BY s.seat_id`,
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
    wheelchair_seat_ids: [],
    companion_seat_ids: [],
    restricted_view_seat_ids: [],
    ga_capacity: Object.fromEntries(sections.filter((s) => s.kind === "general_admission").map((s) => [String(s.id), s.capacity ?? 0])),
  };
  for (const seat of seats) {
    map.seat_ids.push(seat.id);
    map.seat_section.push(sectionIndex.get(seat.section_id) ?? -1);
    map.seat_row.push(seat.row);
    map.seat_number.push(seat.number);
    // One decimal is far below a seat's size and keeps the payload small.
    map.seat_x.push(Math.round(seat.x * 10) / 10);
    map.seat_y.push(Math.round(seat.y * 10) / 10);
    if (seat.accessible === "wheelchair") map.wheelchair_seat_ids!.push(seat.id);
    else if (seat.accessible === "companion") map.companion_seat_ids!.push(seat.id);
    if (seat.restricted_view) map.restricted_view_seat_ids!.push(seat.id);
  }
  return map;
}

type VenueChart = { id: number; chartVersion: number; chartVersionId: number; chart: Chart };

/** A published chart version of the venue (the current one when `version` is undefined). */
async function findVersion(venueId: number, version?: number): Promise<VenueChart | null> {
  const db = getDb();
  const number = version ?? (await db.venue.findUnique({ where: { id: venueId }, select: { chartVersion: true } }))?.chartVersion;
  if (number === undefined) return null;
  const row = await db.venueChartVersion.findFirst({
    where: { venueId, version: number, status: "published" },
    select: { id: true, version: true, chart: true },
  });
  return row ? { id: venueId, chartVersion: row.version, chartVersionId: row.id, chart: row.chart as Chart } : null;
}

async function getVenueChart(venueId: number): Promise<VenueChart | null> {
  const entry = await cachedEntry(getRedis(), venueChartCacheKey(venueId), venueChartCachePolicy, () => findVersion(venueId));
  return entry.value as VenueChart | null;
}

/**
 * The geometry of the venue's chart: of `version` when it is a published version of the venue
 * (events name theirs), else of the current version (which the caller compares with the one it
 * asked for).
 */
export async function getSeatMap(venueId: number, version?: number): Promise<{ version: number; entry: Cached<SeatMap> }> {
  let chart: VenueChart | null = null;
  if (version !== undefined) {
    const hit = await peekCached<SeatMap>(getRedis(), seatMapCacheKey(venueId, version), seatMapCachePolicy);
    if (hit) return { version, entry: hit };
    chart = await findVersion(venueId, version);
  }
  chart ??= await getVenueChart(venueId);
  if (!chart) throw new AppError("not_found", `Venue ${venueId} was not found`);
  const found = chart;
  const key = seatMapCacheKey(found.id, found.chartVersion);
  const entry = await cachedEntry(getRedis(), key, seatMapCachePolicy, () => buildSeatMap(found.id, found.chartVersion, found.chartVersionId, found.chart));
  return { version: found.chartVersion, entry };
}
