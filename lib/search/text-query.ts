// What a fan typed, reduced to search terms. Everything that is not a letter or a digit separates
// words, so `%`, `_`, quotes, `&`, `|`, `!`, `:*`, `<->` and parentheses never reach PostgreSQL as
// syntax: the tsquery built from the terms is letters, digits, `:*` and `&`, nothing else.

/** At most this many words count; a longer query adds nothing but cost. */
export const MAX_SEARCH_TERMS = 8;
/** A longer "word" is noise (no name is this long), cut so a trigram lookup stays small. */
const MAX_TERM_LENGTH = 40;

export type TextQuery = {
  /** Lower-cased words, in the order typed, without duplicates. */
  terms: string[];
  /** Every term as a prefix, all required: `taylor:* & swi:*` (for to_tsquery('simple', …)). */
  prefixTsQuery: string;
  /** Any term as a whole word: `taylor | swi` (ranks exact words above mere prefixes). */
  exactTsQuery: string;
  /** The terms joined by spaces, for trigram similarity (typo tolerance). */
  fuzzyText: string;
  /**
   * Set when some terms are common and others rare (lib/search/postgres/common-words.ts): only the
   * rare terms, as prefixes, for the index to look up; every term is still checked on each row.
   */
  indexTsQuery?: string;
};

/** Null when the text holds no word at all (only punctuation): the caller matches it literally. */
export function parseTextQuery(text: string): TextQuery | null {
  const words = text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_SEARCH_TERMS);
  if (terms.length === 0) return null;
  return {
    terms,
    prefixTsQuery: terms.map((t) => `${t}:*`).join(" & "),
    exactTsQuery: terms.join(" | "),
    fuzzyText: terms.join(" "),
  };
}
