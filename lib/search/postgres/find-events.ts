// Event search on PostgreSQL. With words: full-text over the weighted search_document (migration
// search_documents) with every word as a prefix ("tay swi" finds Taylor Swift while typing), ranked
// by ts_rank_cd with whole-word matches above prefix-only ones. When the words as typed match
// nothing, close spellings are tried with pg_trgm word similarity over titles, performer and venue
// names ("taylr swift"), each through its trigram index. Text with no word in it (only punctuation,
// e.g. "%") is matched literally against titles, performers and venues, as the search always did.
//
// Two bounds keep a broad query ("tour" in a million events) as cheap as a narrow one, the way
// search engines bound theirs (Elasticsearch counts exactly up to 10,000 by default; here 1,000, since a count reads a heap row per match):
// - the total is counted exactly up to TOTAL_CAP matches; beyond it the answer says TOTAL_CAP and
//   `total_capped`;
// - relevance ranks at most RANK_WINDOW matches, the first the index yields (ranking reads every
//   candidate's document, so ranking all of them would cost in proportion to the matches), and
//   pages through those (like a search engine's result window); sort_by=date pages through every
//   match. A first version ranked the RANK_WINDOW *soonest* matches for every word: at a million
//   events the planner then walked the date index for a rare word and ran into the statement
//   timeout. Now only words PostgreSQL's statistics call common take that walk (common-words.ts),
//   bounded and with a fallback; for them relevance ranks the RANK_WINDOW soonest matches, since
//   even the GIN index's bitmap of all their matches costs ~100 ms at a million events.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventMatches } from "@/lib/search/search-backend";
import { buildEventFilters, eventDistanceSql } from "@/lib/search/postgres/event-filters";
import { isCommonText, queryWithDateWalk, walkedMatchesSql, withIndexTerms } from "@/lib/search/postgres/common-words";
import { closeSpellingCandidates, textCondition, type TextMatch } from "@/lib/search/postgres/text-match";
import { parseTextQuery, type TextQuery } from "@/lib/search/text-query";
import type { EventSearchQuery } from "@/lib/validations/events";

export const TOTAL_CAP = 1_000;
export const RANK_WINDOW = 1_000;

type Row = { event_id: number };

/** The non-relevance orders, always ending in a unique key so paging never skips or repeats. */
function fieldOrder(query: EventSearchQuery): Prisma.Sql {
  const dir = query.order === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  if (query.sort_by === "event_name") return Prisma.sql`e.title ${dir}, e.datetime ASC, e.event_id ASC`;
  if (query.sort_by === "location") return Prisma.sql`e.location ${dir}, e.datetime ASC, e.event_id ASC`;
  if (query.sort_by === "date") return Prisma.sql`e.datetime ${dir}, e.event_id ASC`;
  if (query.sort_by === "distance" && query.lat !== undefined && query.lng !== undefined) {
    return Prisma.sql`${eventDistanceSql(query.lat, query.lng)} ${dir}, e.datetime ASC, e.event_id ASC`;
  }
  // Relevance without words to rank (no q, or literal punctuation), or past the rank window.
  return Prisma.sql`e.datetime ASC, e.event_id ASC`;
}

/** The SQL of one page of results (exported for the search benchmark's EXPLAIN ANALYZE). */
export function eventPageSql(match: TextMatch, query: EventSearchQuery, now: Date, limit: number, offset: number): Prisma.Sql {
  const filters = buildEventFilters(query, now);
  const ranked = query.sort_by === "relevance";
  if (match.mode === "words" && ranked) {
    // Past the window: nothing (total still says how many match; sort_by=date reaches them all).
    if (offset >= RANK_WINDOW) return Prisma.sql`SELECT NULL::int AS event_id WHERE FALSE`;
    return Prisma.sql`
      WITH c AS MATERIALIZED (
        SELECT e.event_id, e.datetime, e.search_document
          FROM event e
          JOIN event_type t ON t.type_id = e.type_id
         WHERE ${textCondition(match)} AND ${filters}
         LIMIT ${RANK_WINDOW}
      )
      SELECT c.event_id
        FROM c, to_tsquery('simple', ${match.text.prefixTsQuery}) pq, to_tsquery('simple', ${match.text.exactTsQuery}) xq
       ORDER BY ts_rank_cd(c.search_document, pq) + ts_rank_cd(c.search_document, xq) DESC, c.datetime ASC, c.event_id ASC
       LIMIT ${Math.min(limit, RANK_WINDOW - offset)} OFFSET ${offset}`;
  }
  if (match.mode === "close" && ranked) {
    return Prisma.sql`
      WITH m AS (SELECT c.event_id, max(c.sim) AS sim FROM (${closeSpellingCandidates(match.text.fuzzyText)}) c GROUP BY c.event_id)
      SELECT e.event_id
        FROM m
        JOIN event e ON e.event_id = m.event_id
        JOIN event_type t ON t.type_id = e.type_id
       WHERE ${filters}
       ORDER BY m.sim DESC, e.datetime ASC, e.event_id ASC
       LIMIT ${limit} OFFSET ${offset}`;
  }
  return Prisma.sql`
    SELECT e.event_id
      FROM event e
      JOIN event_type t ON t.type_id = e.type_id
     WHERE ${textCondition(match)} AND ${filters}
     ORDER BY ${fieldOrder(query)}
     LIMIT ${limit} OFFSET ${offset}`;
}

/** How many events match, counted up to TOTAL_CAP + 1. */
export function eventCountSql(match: TextMatch, query: EventSearchQuery, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1
        FROM event e
        JOIN event_type t ON t.type_id = e.type_id
       WHERE ${textCondition(match)} AND ${buildEventFilters(query, now)}
       LIMIT ${TOTAL_CAP + 1}
    ) capped`;
}

/**
 * Relevance over common words (common-words.ts): the soonest TOTAL_CAP + 1 matches through the date
 * index, the RANK_WINDOW soonest of them ranked, in one query. All ranked ids come back (at most
 * RANK_WINDOW integers) and the page is cut here; null when the walk found no more than TOTAL_CAP
 * (the count would not be capped, so it is not the whole answer).
 */
export function commonWordsRankedSql(text: TextQuery, query: EventSearchQuery, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH m AS MATERIALIZED (${walkedMatchesSql(text, query, now, TOTAL_CAP + 1)})
    SELECT r.event_id, (SELECT count(*)::int FROM m) AS n
      FROM (SELECT * FROM m ORDER BY m.datetime, m.event_id LIMIT ${RANK_WINDOW}) r,
           to_tsquery('simple', ${text.prefixTsQuery}) pq, to_tsquery('simple', ${text.exactTsQuery}) xq
     ORDER BY ts_rank_cd(r.search_document, pq) + ts_rank_cd(r.search_document, xq) DESC, r.datetime ASC, r.event_id ASC`;
}

async function runCommonWords(text: TextQuery, query: EventSearchQuery, now: Date): Promise<EventMatches | null> {
  const rows = await queryWithDateWalk<{ event_id: number; n: number }>(commonWordsRankedSql(text, query, now));
  if ((rows[0]?.n ?? 0) <= TOTAL_CAP) return null;
  const offset = (query.page - 1) * query.size;
  return { ids: rows.slice(offset, offset + query.size).map((r) => r.event_id), total: TOTAL_CAP, totalCapped: true, fuzzy: false };
}

async function run(match: TextMatch, query: EventSearchQuery, now: Date): Promise<EventMatches> {
  const limit = query.size;
  const offset = (query.page - 1) * query.size;
  const db = getDb();
  if (match.mode === "words" && query.sort_by === "relevance" && (await isCommonText(match.text))) {
    const common = await runCommonWords(match.text, query, now);
    if (common) return common;
  }
  if (match.mode === "close" && query.sort_by === "relevance") {
    // Close spellings are at most a few thousand candidates: one query ranks them all and the page
    // and the (capped) count are cut here, instead of searching the trigram indexes twice.
    const rows = await db.$queryRaw<Row[]>(eventPageSql(match, query, now, Math.max(TOTAL_CAP + 1, offset + limit), 0));
    return { ids: rows.slice(offset, offset + limit).map((r) => r.event_id), total: Math.min(rows.length, TOTAL_CAP), totalCapped: rows.length > TOTAL_CAP, fuzzy: true };
  }
  const [rows, count] = await Promise.all([
    db.$queryRaw<Row[]>(eventPageSql(match, query, now, limit, offset)),
    db.$queryRaw<{ n: number }[]>(eventCountSql(match, query, now)),
  ]);
  const ids = rows.map((r) => r.event_id);
  const n = count[0]?.n ?? 0;
  return { ids, total: Math.min(n, TOTAL_CAP), totalCapped: n > TOTAL_CAP, fuzzy: match.mode === "close" };
}

/** How the query's text selects events (before close spellings are considered). */
export function textMatchOf(query: EventSearchQuery): TextMatch {
  const raw = query.q?.trim();
  if (!raw) return { mode: "none" };
  const text = parseTextQuery(raw);
  return text ? { mode: "words", text } : { mode: "literal", raw };
}

/** textMatchOf, with the index lookup narrowed to the rare words when some are common. */
export async function indexedTextMatchOf(query: EventSearchQuery): Promise<TextMatch> {
  const match = textMatchOf(query);
  return match.mode === "words" ? { mode: "words", text: await withIndexTerms(match.text) } : match;
}

export async function findEventsInPostgres(query: EventSearchQuery, now: Date): Promise<EventMatches> {
  const match = await indexedTextMatchOf(query);
  const found = await run(match, query, now);
  // Only a query whose words match nothing at all as typed is retried with close spellings.
  if (found.total > 0 || match.mode !== "words") return found;
  const close = await run({ mode: "close", text: match.text }, query, now);
  return close.total > 0 ? close : found;
}
