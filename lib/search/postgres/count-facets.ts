// Facet counts for a search: how many of the events it finds fall in each type, city, date range
// and price range, so the search page can offer them as filters. Counted over exactly the events the
// result list draws from (the same text match and filters, text-match.ts and event-filters.ts), in
// one pass over them: choosing a facet value narrows the results to that count. Like the total
// (find-events.ts), they are exact up to TOTAL_CAP matches; beyond it (`total_capped`) they count
// TOTAL_CAP of the matches, so a broad word costs no more than a narrow one.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { FacetBucket, SearchFacets } from "@/lib/search/search-backend";
import { isCommonText, queryWithDateWalk, walkedMatchesSql } from "@/lib/search/postgres/common-words";
import { buildEventFilters, eventMinPriceSql, priceRangeBounds } from "@/lib/search/postgres/event-filters";
import { TOTAL_CAP } from "@/lib/search/postgres/find-events";
import { textCondition, type TextMatch } from "@/lib/search/postgres/text-match";
import { PRICE_RANGES, type EventSearchQuery } from "@/lib/validations/events";

const DAY = 86_400_000;
/** The cities shown: the most frequent first. */
const MAX_CITIES = 12;

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Date ranges in whole UTC days from today: the value is the `date_from`/`date_to` pair that
 * selects the range ("" for an open end); the first has no start, so the search's own lower bound
 * (now, or the fan's date_from) applies, exactly as the count does.
 */
export function dateRanges(now: Date): { value: string; label: string; from: Date | null; to: Date | null }[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = (days: number) => new Date(today + days * DAY);
  const end = (days: number) => new Date(today + (days + 1) * DAY - 1);
  return [
    { value: `:${day(start(6))}`, label: "Next 7 days", from: null, to: end(6) },
    { value: `${day(start(7))}:${day(start(29))}`, label: "In 8 to 30 days", from: start(7), to: end(29) },
    { value: `${day(start(30))}:${day(start(89))}`, label: "In 1 to 3 months", from: start(30), to: end(89) },
    { value: `${day(start(90))}:`, label: "Later", from: start(90), to: null },
  ];
}

const PRICE_LABELS: Record<(typeof PRICE_RANGES)[number], string> = { "0-50": "Under $50", "50-100": "$50 to $100", "100-200": "$100 to $200", "200-": "$200 and up" };

type Grouped = { dim: string; value: string | null; count: bigint };

export async function countFacetsInPostgres(query: EventSearchQuery, now: Date, match: TextMatch): Promise<SearchFacets> {
  const ranges = dateRanges(now);
  const dateBucket = Prisma.sql`CASE ${Prisma.join(
    ranges.map((r, i) => {
      const lower = r.from ? Prisma.sql`e.datetime >= ${r.from}` : Prisma.sql`TRUE`;
      const upper = r.to ? Prisma.sql`e.datetime <= ${r.to}` : Prisma.sql`TRUE`;
      return Prisma.sql`WHEN ${lower} AND ${upper} THEN ${String(i)}`;
    }),
    " ",
  )} END`;
  const priceBucket = Prisma.sql`CASE ${Prisma.join(
    PRICE_RANGES.map((range) => {
      const { lo, hi } = priceRangeBounds(range);
      return hi === null ? Prisma.sql`WHEN m.min_price >= ${lo} THEN ${range}` : Prisma.sql`WHEN m.min_price >= ${lo} AND m.min_price < ${hi} THEN ${range}`;
    }),
    " ",
  )} END`;
  const grouped = (source: Prisma.Sql) => Prisma.sql`
    WITH m AS (
      SELECT t.type, e.location, ${dateBucket} AS date_bucket, ${eventMinPriceSql} AS min_price
        FROM (${source}) s
        JOIN event e ON e.event_id = s.event_id
        JOIN event_type t ON t.type_id = e.type_id
    ), g AS (
      SELECT type, location, date_bucket, ${priceBucket} AS price_bucket FROM m
    )
    SELECT CASE WHEN GROUPING(type) = 0 THEN 'type' WHEN GROUPING(location) = 0 THEN 'city' WHEN GROUPING(date_bucket) = 0 THEN 'date' ELSE 'price' END AS dim,
           COALESCE(type, location, date_bucket, price_bucket) AS value,
           count(*) AS count
      FROM g
     GROUP BY GROUPING SETS ((type), (location), (date_bucket), (price_bucket))`;
  const indexed = Prisma.sql`SELECT e.event_id FROM event e WHERE ${textCondition(match)} AND ${buildEventFilters(query, now)} LIMIT ${TOTAL_CAP}`;
  let rows: Grouped[] | null = null;
  // Common words: TOTAL_CAP of the soonest matches through the date walk (common-words.ts), as the
  // result list does; when the walk finds fewer (the count is then not capped), the GIN index.
  if (match.mode === "words" && (await isCommonText(match.text))) {
    rows = await queryWithDateWalk<Grouped>(grouped(Prisma.sql`SELECT w.event_id FROM (${walkedMatchesSql(match.text, query, now, TOTAL_CAP)}) w`));
    const counted = rows.filter((r) => r.dim === "type").reduce((n, r) => n + Number(r.count), 0);
    if (counted < TOTAL_CAP) rows = null;
  }
  rows ??= await getDb().$queryRaw<Grouped[]>(grouped(indexed));
  const of = (dim: string) => rows.filter((r) => r.dim === dim && r.value !== null);
  const byCount = (a: FacetBucket, b: FacetBucket) => b.count - a.count || a.label.localeCompare(b.label);
  return {
    type: of("type").map((r) => ({ value: r.value!, label: r.value!, count: Number(r.count) })).sort(byCount),
    city: of("city").map((r) => ({ value: r.value!, label: r.value!, count: Number(r.count) })).sort(byCount).slice(0, MAX_CITIES),
    date: ranges.flatMap((range, i) => {
      const row = of("date").find((r) => r.value === String(i));
      return row ? [{ value: range.value, label: range.label, count: Number(row.count) }] : [];
    }),
    price: PRICE_RANGES.flatMap((range) => {
      const row = of("price").find((r) => r.value === range);
      return row ? [{ value: range, label: PRICE_LABELS[range], count: Number(row.count) }] : [];
    }),
  };
}
