// How a search's text selects events, as one condition on `e` (event), shared by the result list
// and the facet counts so both always count the same events.
import { Prisma } from "@/lib/generated/prisma/client";
import { escapeLikePattern } from "@/lib/search/postgres/event-filters";
import type { TextQuery } from "@/lib/search/text-query";

export type TextMatch =
  /** No text: every event the filters allow. */
  | { mode: "none" }
  /** Words: every word a prefix of a word of the search document. */
  | { mode: "words"; text: TextQuery }
  /** Words that matched nothing as typed: close spellings of titles, performers and venues. */
  | { mode: "close"; text: TextQuery }
  /** Only punctuation ("%", "_"): the text itself, literally, in a title, performer or venue. */
  | { mode: "literal"; raw: string };

/** Ids of events with a title, performer or venue close to `q` (pg_trgm word similarity, indexed). */
/** Close spellings are a fallback: each arm stops after this many candidates, bounding its cost. */
export const CLOSE_CANDIDATES_PER_SOURCE = 1_000;

export function closeSpellingCandidates(q: string): Prisma.Sql {
  // `q <% column`: some stretch of the column is similar to the whole query (word_similarity over
  // pg_trgm's threshold, 0.6 by default); each arm goes through that column's trigram index. A word
  // that is common once corrected ("live" in a catalogue of "... Live" titles) would otherwise make
  // every such title a candidate: each arm takes at most CLOSE_CANDIDATES_PER_SOURCE.
  const cap = CLOSE_CANDIDATES_PER_SOURCE;
  return Prisma.sql`
      (SELECT ev.event_id, word_similarity(${q}, ev.title) AS sim FROM event ev WHERE ${q} <% ev.title LIMIT ${cap})
      UNION ALL
      (SELECT ep.event_id, word_similarity(${q}, p.name) FROM performer p JOIN event_performer ep ON ep.performer_id = p.performer_id WHERE ${q} <% p.name LIMIT ${cap})
      UNION ALL
      (SELECT ev.event_id, 0.8 * word_similarity(${q}, v.name) FROM venue v JOIN event ev ON ev.venue_id = v.venue_id WHERE ${q} <% v.name LIMIT ${cap})`;
}

export function textCondition(match: TextMatch): Prisma.Sql {
  switch (match.mode) {
    case "none":
      return Prisma.sql`TRUE`;
    case "words":
      // ts_match_vq is the function behind @@: written as a call, no index serves it, so the
      // index looks up only the rare terms and every term is checked on the rows they find.
      return match.text.indexTsQuery
        ? Prisma.sql`(e.search_document @@ to_tsquery('simple', ${match.text.indexTsQuery}) AND ts_match_vq(e.search_document, to_tsquery('simple', ${match.text.prefixTsQuery})))`
        : Prisma.sql`e.search_document @@ to_tsquery('simple', ${match.text.prefixTsQuery})`;
    case "close":
      return Prisma.sql`e.event_id IN (SELECT c.event_id FROM (${closeSpellingCandidates(match.text.fuzzyText)}) c)`;
    case "literal": {
      const pattern = `%${escapeLikePattern(match.raw)}%`;
      return Prisma.sql`(e.title ILIKE ${pattern}
        OR EXISTS (SELECT 1 FROM venue v WHERE v.venue_id = e.venue_id AND v.name ILIKE ${pattern})
        OR EXISTS (SELECT 1 FROM event_performer ep JOIN performer p ON p.performer_id = ep.performer_id
                    WHERE ep.event_id = e.event_id AND p.name ILIKE ${pattern}))`;
    }
  }
}
