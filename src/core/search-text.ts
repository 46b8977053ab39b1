/**
 * How the console compares search words with names, titles and URLs: NFKC folds full-width Latin and
 * digits and half-width kana (ＭＯＪ, ｶﾅ), then lower case. Both the stored text and the query go
 * through it, so 法務省 finds 法務省 and "moj" finds ＭＯＪ. Pure.
 */
export function normaliseSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** The words of a query (all must match), normalised, without duplicates. */
export function searchWords(query: string | undefined): string[] {
  if (query === undefined) return [];
  return [
    ...new Set(
      normaliseSearch(query)
        .split(/\s+/)
        .filter((w) => w !== ''),
    ),
  ];
}

/** A page's stored search text: its URL and its title, normalised, space-separated (words never hold a space). */
export function pageSearchText(url: string, title: string | null): string {
  return title === null ? normaliseSearch(url) : `${normaliseSearch(url)} ${normaliseSearch(title)}`;
}
