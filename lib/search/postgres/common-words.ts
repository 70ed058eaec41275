// Broad words ("tour" in a million events) through the date index instead of the GIN index.
//
// A GIN index answers `@@` only as a bitmap of every match: for a word in a fifth of the catalogue
// that is 200,000 entries (about 100 ms at a million events) before the first row is read, however
// small the LIMIT. A word that common is found just as well by walking the upcoming events in date
// order and testing each one's document: 1,001 matches turn up within a few thousand events. Which
// path is cheaper depends on how common the words are, which PostgreSQL's own statistics say
// (pg_stats.most_common_elems of the search document: the lexemes in more than a fraction of a
// percent of events, with their frequencies, refreshed by ANALYZE/autovacuum). A word that is not
// in that list is rare enough for the GIN index; one that is goes the date walk, which is bounded
// (WALK_EVENTS events at most) and falls back to the GIN index when it does not find enough.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { buildEventFilters } from "@/lib/search/postgres/event-filters";
import type { TextQuery } from "@/lib/search/text-query";
import type { EventSearchQuery } from "@/lib/validations/events";

/** The date walk reads at most this many upcoming events that pass the filters. */
export const WALK_EVENTS = 40_000;
/**
 * Words at least this frequent (estimated) take the date walk: at 10%, 1,001 matches are expected
 * within ~10,000 events, half the walk, leaving room for an estimate that is off.
 */
export const COMMON_FREQUENCY = 0.05;
/** pg_stats changes only on ANALYZE: read it again at most this often. */
const STATS_TTL_MS = 10 * 60_000;

let cached: { at: number; freqs: [string, number][] } | null = null;

async function commonLexemes(): Promise<[string, number][]> {
  if (cached && Date.now() - cached.at < STATS_TTL_MS) return cached.freqs;
  const rows = await getDb().$queryRaw<{ elems: string[] | null; freqs: number[] | null }[]>`
    SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs
      FROM pg_stats
     WHERE schemaname = current_schema() AND tablename = 'event' AND attname = 'search_document'`;
  const { elems, freqs } = rows[0] ?? { elems: null, freqs: null };
  // The frequencies array ends with three summary numbers (min, max, null fraction): zip by elems.
  const list: [string, number][] = elems && freqs ? elems.map((e, i) => [e, freqs[i] ?? 0]) : [];
  cached = { at: Date.now(), freqs: list };
  return list;
}

/** Forget the cached statistics (tests that ANALYZE a freshly filled table). */
export function forgetLexemeStatistics(): void {
  cached = null;
}

/**
 * The estimated fraction of events matching every word as a prefix: for each word, the summed
 * frequency of the common lexemes it is a prefix of (0 when none is common); the least of those
 * (an upper bound of the conjunction: words that are each common but rarely together fall back).
 */
export async function estimateFrequency(text: TextQuery): Promise<number> {
  const lexemes = await commonLexemes();
  if (lexemes.length === 0) return 0;
  let least = 1;
  for (const term of text.terms) {
    let sum = 0;
    for (const [lexeme, freq] of lexemes) if (lexeme.startsWith(term)) sum += freq;
    least = Math.min(least, sum);
  }
  return least;
}

/** A term estimated at least this frequent is left out of the index lookup when a rarer one is there. */
const FREQUENT_TERM = 0.01;

/**
 * Words mixing common and rare terms ("chicago windrunners"): the GIN index is asked for the rare
 * terms only, and every term is checked on the few rows it yields. Asked for all of them, GIN
 * decodes the common term's whole posting list (every Chicago event) to intersect it: 26 ms
 * against 0.2 ms at a million events.
 */
export async function withIndexTerms(text: TextQuery): Promise<TextQuery> {
  if (text.terms.length < 2) return text;
  const lexemes = await commonLexemes();
  const frequency = (term: string) => lexemes.reduce((sum, [lexeme, freq]) => (lexeme.startsWith(term) ? sum + freq : sum), 0);
  const rare = text.terms.filter((t) => frequency(t) < FREQUENT_TERM);
  if (rare.length === 0 || rare.length === text.terms.length) return text;
  return { ...text, indexTsQuery: rare.map((t) => `${t}:*`).join(" & ") };
}

export async function isCommonText(text: TextQuery): Promise<boolean> {
  return (await estimateFrequency(text)) >= COMMON_FREQUENCY;
}

/**
 * Runs a query built on walkedMatchesSql with the date walk forced. The planner, asked for the
 * WALK_EVENTS soonest events of a filter it thinks selects fewer (a city and a type), would read
 * all of them through a bitmap and sort them, tens of thousands of rows, to keep the first thousand
 * matches; the walk reads them in date order and stops at the thousandth. So, for this one
 * statement (SET LOCAL, in its own transaction): no bitmap scans, sorts only where unavoidable,
 * and no JIT (the walk's cost estimate is high, its real work small).
 */
export async function queryWithDateWalk<T>(sql: Prisma.Sql): Promise<T[]> {
  const db = getDb();
  const [, rows] = await db.$transaction([
    db.$queryRaw`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`,
    db.$queryRaw<T[]>(sql),
  ]);
  return rows;
}

/**
 * The first `cap` matches among the soonest WALK_EVENTS events the filters allow, as `w` with
 * event_id, datetime and search_document. Fewer than `cap` rows means the walk did not find
 * enough (it may have missed later matches): the caller then uses the GIN index.
 */
export function walkedMatchesSql(text: TextQuery, query: EventSearchQuery, now: Date, cap: number): Prisma.Sql {
  return Prisma.sql`
    SELECT w.event_id, w.datetime, w.search_document
      FROM (SELECT e.event_id, e.datetime, e.search_document
              FROM event e
             WHERE ${buildEventFilters(query, now)}
             ORDER BY e.datetime
             LIMIT ${WALK_EVENTS}) w
     WHERE w.search_document @@ to_tsquery('simple', ${text.prefixTsQuery})
     LIMIT ${cap}`;
}
