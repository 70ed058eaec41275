// Suggestions for the search box as a fan types: performers, venues and upcoming events whose name
// starts with what was typed (a word prefix, through the event full-text index and the trigram
// indexes) or is a close spelling of it (pg_trgm word similarity). Each kind is one small indexed
// query with its own LIMIT; nothing scans a table.
import { getDb } from "@/lib/db";
import type { Suggestion } from "@/lib/search/search-backend";
import { escapeLikePattern } from "@/lib/search/postgres/event-filters";
import { parseTextQuery } from "@/lib/search/text-query";

type NamedRow = { id: number; name: string; detail: string | null };

export async function suggestFromPostgres(input: string, limit: number, now: Date): Promise<Suggestion[]> {
  const text = parseTextQuery(input);
  if (!text) return [];
  const db = getDb();
  const q = text.fuzzyText;
  // "tay" is a prefix of a word in the name: ILIKE '%tay%' answered by the trigram index (3+
  // characters), kept to word starts by the regular expression on the few rows it finds.
  const contains = `%${escapeLikePattern(q)}%`;
  const wordStart = `(^|[^[:alnum:]])${q.replace(/[^\p{L}\p{N} ]/gu, "")}`;
  const per = Math.max(1, Math.ceil(limit / 2));
  const [performers, venues, events] = await Promise.all([
    db.$queryRaw<NamedRow[]>`
      SELECT p.performer_id AS id, p.name, NULL::text AS detail
        FROM performer p
       WHERE (p.name ILIKE ${contains} AND p.name ~* ${wordStart}) OR ${q} <% p.name
       ORDER BY (p.name ~* ${wordStart}) DESC, word_similarity(${q}, p.name) DESC, p.name
       LIMIT ${per}`,
    db.$queryRaw<NamedRow[]>`
      SELECT v.venue_id AS id, v.name, v.location AS detail
        FROM venue v
       WHERE (v.name ILIKE ${contains} AND v.name ~* ${wordStart}) OR ${q} <% v.name
       ORDER BY (v.name ~* ${wordStart}) DESC, word_similarity(${q}, v.name) DESC, v.name
       LIMIT ${per}`,
    db.$queryRaw<NamedRow[]>`
      SELECT e.event_id AS id, e.title AS name, e.location AS detail
        FROM event e, to_tsquery('simple', ${text.prefixTsQuery}) pq
       WHERE e.search_document @@ pq AND e.published_datetime IS NOT NULL AND e.datetime >= ${now}
       ORDER BY ts_rank_cd(e.search_document, pq) DESC, e.datetime ASC, e.event_id ASC
       LIMIT ${limit}`,
  ]);
  const out: Suggestion[] = [
    ...performers.map((p): Suggestion => ({ kind: "performer", id: String(p.id), label: p.name, detail: null, href: `/?q=${encodeURIComponent(p.name)}` })),
    ...venues.map((v): Suggestion => ({ kind: "venue", id: String(v.id), label: v.name, detail: v.detail, href: `/?q=${encodeURIComponent(v.name)}` })),
    ...events.map((e): Suggestion => ({ kind: "event", id: String(e.id), label: e.name, detail: e.detail, href: `/events/${e.id}` })),
  ];
  return out.slice(0, limit);
}
