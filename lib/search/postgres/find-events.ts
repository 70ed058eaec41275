// Event search on PostgreSQL. With words: full-text over the weighted search_document (migration
// search_documents) with every word as a prefix ("tay swi" finds Taylor Swift while typing), ranked
// by ts_rank_cd with whole-word matches above prefix-only ones. When the words as typed match
// nothing, close spellings are tried with pg_trgm word similarity over titles, performer and venue
// names ("taylr swift"), each through its trigram index. Text with no word in it (only punctuation,
// e.g. "%") is matched literally against titles, performers and venues, as the search always did.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventMatches } from "@/lib/search/search-backend";
import { buildEventFilters, eventDistanceSql } from "@/lib/search/postgres/event-filters";
import { closeSpellingCandidates, textCondition, type TextMatch } from "@/lib/search/postgres/text-match";
import { parseTextQuery } from "@/lib/search/text-query";
import type { EventSearchQuery } from "@/lib/validations/events";

type Row = { event_id: number; total: bigint };

/** The non-relevance orders, always ending in a unique key so paging never skips or repeats. */
function fieldOrder(query: EventSearchQuery): Prisma.Sql {
  const dir = query.order === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  if (query.sort_by === "event_name") return Prisma.sql`e.title ${dir}, e.datetime ASC, e.event_id ASC`;
  if (query.sort_by === "location") return Prisma.sql`e.location ${dir}, e.datetime ASC, e.event_id ASC`;
  if (query.sort_by === "date") return Prisma.sql`e.datetime ${dir}, e.event_id ASC`;
  if (query.sort_by === "distance" && query.lat !== undefined && query.lng !== undefined) {
    return Prisma.sql`${eventDistanceSql(query.lat, query.lng)} ${dir}, e.datetime ASC, e.event_id ASC`;
  }
  return Prisma.sql`e.datetime ASC, e.event_id ASC`;
}

async function page(match: TextMatch, query: EventSearchQuery, now: Date, limit: number, offset: number): Promise<Row[]> {
  const filters = buildEventFilters(query, now);
  const relevance = query.sort_by === "relevance";
  if (match.mode === "words") {
    const order = relevance ? Prisma.sql`rank DESC, e.datetime ASC, e.event_id ASC` : fieldOrder(query);
    return getDb().$queryRaw<Row[]>`
      SELECT e.event_id, count(*) OVER () AS total,
             ts_rank_cd(e.search_document, pq) + ts_rank_cd(e.search_document, xq) AS rank
        FROM event e
        JOIN event_type t ON t.type_id = e.type_id,
             to_tsquery('simple', ${match.text.prefixTsQuery}) pq,
             to_tsquery('simple', ${match.text.exactTsQuery}) xq
       WHERE e.search_document @@ pq AND ${filters}
       ORDER BY ${order}
       LIMIT ${limit} OFFSET ${offset}`;
  }
  if (match.mode === "close") {
    const order = relevance ? Prisma.sql`m.sim DESC, e.datetime ASC, e.event_id ASC` : fieldOrder(query);
    return getDb().$queryRaw<Row[]>`
      WITH m AS (SELECT c.event_id, max(c.sim) AS sim FROM (${closeSpellingCandidates(match.text.fuzzyText)}) c GROUP BY c.event_id)
      SELECT e.event_id, count(*) OVER () AS total
        FROM m
        JOIN event e ON e.event_id = m.event_id
        JOIN event_type t ON t.type_id = e.type_id
       WHERE ${filters}
       ORDER BY ${order}
       LIMIT ${limit} OFFSET ${offset}`;
  }
  return getDb().$queryRaw<Row[]>`
    SELECT e.event_id, count(*) OVER () AS total
      FROM event e
      JOIN event_type t ON t.type_id = e.type_id
     WHERE ${textCondition(match)} AND ${filters}
     ORDER BY ${fieldOrder(query)}
     LIMIT ${limit} OFFSET ${offset}`;
}

function toMatches(rows: Row[], match: TextMatch): EventMatches {
  return { ids: rows.map((r) => r.event_id), total: rows.length > 0 ? Number(rows[0]!.total) : 0, fuzzy: match.mode === "close" };
}

/** How the query's text selects events (before close spellings are considered). */
export function textMatchOf(query: EventSearchQuery): TextMatch {
  const raw = query.q?.trim();
  if (!raw) return { mode: "none" };
  const text = parseTextQuery(raw);
  return text ? { mode: "words", text } : { mode: "literal", raw };
}

export async function findEventsInPostgres(query: EventSearchQuery, now: Date): Promise<EventMatches> {
  const limit = query.size;
  const offset = (query.page - 1) * query.size;
  const match = textMatchOf(query);
  const rows = await page(match, query, now, limit, offset);
  if (rows.length > 0 || match.mode !== "words") return toMatches(rows, match);
  // A page past the end of real matches is empty, not a cue to go fuzzy: only a query that matches
  // nothing at all as typed is retried with close spellings.
  if (offset > 0) {
    const first = await page(match, query, now, 1, 0);
    if (first.length > 0) return { ids: [], total: Number(first[0]!.total), fuzzy: false };
  }
  const close: TextMatch = { mode: "close", text: match.text };
  return toMatches(await page(close, query, now, limit, offset), close);
}
