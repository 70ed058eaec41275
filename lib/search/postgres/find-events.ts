// Event search on PostgreSQL. With words: full-text over the weighted search_document (migration
// search_documents) with every word as a prefix ("tay swi" finds Taylor Swift while typing), ranked
// by ts_rank_cd with whole-word matches above prefix-only ones. When the words as typed match
// nothing, close spellings are tried with pg_trgm word similarity over titles, performer and venue
// names ("taylr swift"), each through its trigram index. Text with no word in it (only punctuation,
// e.g. "%") is matched literally against titles, performers and venues, as the search always did.
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventMatches } from "@/lib/search/search-backend";
import { buildEventFilters, escapeLikePattern } from "@/lib/search/postgres/event-filters";
import { parseTextQuery, type TextQuery } from "@/lib/search/text-query";
import type { EventSearchQuery } from "@/lib/validations/events";

type Row = { event_id: number; total: bigint };

/** The non-relevance orders, always ending in a unique key so paging never skips or repeats. */
function fieldOrder(query: EventSearchQuery): Prisma.Sql {
  const dir = query.order === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  if (query.sort_by === "event_name") return Prisma.sql`e.title ${dir}, e.datetime ASC, e.event_id ASC`;
  if (query.sort_by === "location") return Prisma.sql`e.location ${dir}, e.datetime ASC, e.event_id ASC`;
  return Prisma.sql`e.datetime ${dir}, e.event_id ASC`;
}

function toMatches(rows: Row[], fuzzy: boolean): EventMatches {
  return { ids: rows.map((r) => r.event_id), total: rows.length > 0 ? Number(rows[0]!.total) : 0, fuzzy };
}

async function fullText(text: TextQuery, query: EventSearchQuery, filters: Prisma.Sql, limit: number, offset: number): Promise<Row[]> {
  const order = query.sort_by === "relevance" ? Prisma.sql`rank DESC, e.datetime ASC, e.event_id ASC` : fieldOrder(query);
  return getDb().$queryRaw<Row[]>`
    SELECT e.event_id, count(*) OVER () AS total,
           ts_rank_cd(e.search_document, pq) + ts_rank_cd(e.search_document, xq) AS rank
      FROM event e
      JOIN event_type t ON t.type_id = e.type_id,
           to_tsquery('simple', ${text.prefixTsQuery}) pq,
           to_tsquery('simple', ${text.exactTsQuery}) xq
     WHERE e.search_document @@ pq AND ${filters}
     ORDER BY ${order}
     LIMIT ${limit} OFFSET ${offset}`;
}

async function closeSpellings(text: TextQuery, query: EventSearchQuery, filters: Prisma.Sql, limit: number, offset: number): Promise<Row[]> {
  const order = query.sort_by === "relevance" ? Prisma.sql`m.sim DESC, e.datetime ASC, e.event_id ASC` : fieldOrder(query);
  const q = text.fuzzyText;
  // `q <% column`: some stretch of the column is similar to the whole query (pg_trgm's
  // word_similarity over its threshold, 0.6 by default); each arm uses that column's trigram index.
  return getDb().$queryRaw<Row[]>`
    WITH candidates AS (
      SELECT ev.event_id, word_similarity(${q}, ev.title) AS sim FROM event ev WHERE ${q} <% ev.title
      UNION ALL
      SELECT ep.event_id, word_similarity(${q}, p.name) FROM performer p JOIN event_performer ep ON ep.performer_id = p.performer_id WHERE ${q} <% p.name
      UNION ALL
      SELECT ev.event_id, 0.8 * word_similarity(${q}, v.name) FROM venue v JOIN event ev ON ev.venue_id = v.venue_id WHERE ${q} <% v.name
    ), m AS (SELECT event_id, max(sim) AS sim FROM candidates GROUP BY event_id)
    SELECT e.event_id, count(*) OVER () AS total
      FROM m
      JOIN event e ON e.event_id = m.event_id
      JOIN event_type t ON t.type_id = e.type_id
     WHERE ${filters}
     ORDER BY ${order}
     LIMIT ${limit} OFFSET ${offset}`;
}

async function literally(raw: string, query: EventSearchQuery, filters: Prisma.Sql, limit: number, offset: number): Promise<Row[]> {
  const pattern = `%${escapeLikePattern(raw)}%`;
  return getDb().$queryRaw<Row[]>`
    SELECT e.event_id, count(*) OVER () AS total
      FROM event e
      JOIN event_type t ON t.type_id = e.type_id
      JOIN venue v ON v.venue_id = e.venue_id
     WHERE (e.title ILIKE ${pattern} OR v.name ILIKE ${pattern}
            OR EXISTS (SELECT 1 FROM event_performer ep JOIN performer p ON p.performer_id = ep.performer_id
                        WHERE ep.event_id = e.event_id AND p.name ILIKE ${pattern}))
       AND ${filters}
     ORDER BY ${fieldOrder(query.sort_by === "relevance" ? { ...query, sort_by: "date", order: "asc" } : query)}
     LIMIT ${limit} OFFSET ${offset}`;
}

async function filtered(query: EventSearchQuery, filters: Prisma.Sql, limit: number, offset: number): Promise<Row[]> {
  return getDb().$queryRaw<Row[]>`
    SELECT e.event_id, count(*) OVER () AS total
      FROM event e
      JOIN event_type t ON t.type_id = e.type_id
     WHERE ${filters}
     ORDER BY ${fieldOrder(query.sort_by === "relevance" ? { ...query, sort_by: "date", order: "asc" } : query)}
     LIMIT ${limit} OFFSET ${offset}`;
}

export async function findEventsInPostgres(query: EventSearchQuery, now: Date): Promise<EventMatches> {
  const filters = buildEventFilters(query, now);
  const limit = query.size;
  const offset = (query.page - 1) * query.size;
  const raw = query.q?.trim();
  if (!raw) return toMatches(await filtered(query, filters, limit, offset), false);
  const text = parseTextQuery(raw);
  if (!text) return toMatches(await literally(raw, query, filters, limit, offset), false);
  const exact = await fullText(text, query, filters, limit, offset);
  if (exact.length > 0) return toMatches(exact, false);
  // A page past the end of real matches is empty, not a cue to go fuzzy: only a query that matches
  // nothing at all as typed is retried with close spellings.
  if (offset > 0) {
    const first = await fullText(text, query, filters, 1, 0);
    if (first.length > 0) return { ids: [], total: Number(first[0]!.total), fuzzy: false };
  }
  const fuzzy = await closeSpellings(text, query, filters, limit, offset);
  return toMatches(fuzzy, fuzzy.length > 0);
}
