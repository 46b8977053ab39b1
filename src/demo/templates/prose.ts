import type { PageLang } from '../demo-spec.ts';
import type { Random } from '../seeded.ts';
import { escapeHtml, pick } from '../seeded.ts';
import { EN_SENTENCES, FILE_LABELS, JA_SENTENCES } from '../text-pools.ts';

/** Generated body text and document lists, seeded so a page reads the same on every render. */

/** Escaped text of `count` sentences. */
export function sentences(random: Random, lang: PageLang, count: number): string {
  const pool = lang === 'ja' ? JA_SENTENCES : EN_SENTENCES;
  // Distinct sentences: a paragraph that repeats itself reads as generated.
  const remaining = [...pool];
  const parts = Array.from(
    { length: Math.min(count, pool.length) },
    () => remaining.splice(Math.floor(random() * remaining.length), 1)[0] ?? '',
  );
  return escapeHtml(parts.join(lang === 'ja' ? '' : ' '));
}

export function paragraph(random: Random, lang: PageLang, count: number): string {
  return `<p>${sentences(random, lang, count)}</p>`;
}

export function paragraphs(random: Random, lang: PageLang, count: number): string {
  return Array.from({ length: count }, () => paragraph(random, lang, 2 + Math.floor(random() * 3))).join('\n');
}

/** PDF links as government pages list them, with type and size in the link text. */
export function fileList(random: Random, lang: PageLang, slug: string, title: string, count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const label = lang === 'ja' ? `${title}（${pick(random, FILE_LABELS)}）` : `${title} (document ${i + 1})`;
    const size = 80 + Math.floor(random() * 900);
    const suffix = lang === 'ja' ? `（PDF：${size}KB）` : ` (PDF: ${size}KB)`;
    return `<li><a href="/files/${slug}-${String(i + 1).padStart(2, '0')}.pdf">${escapeHtml(label)}${suffix}</a></li>`;
  });
  return `<ul class="file-list">\n${items.join('\n')}\n</ul>`;
}

/** `/policies/civil/registration/` → `policies-civil-registration`, for file names. */
export function slugOf(path: string): string {
  const slug = path
    .split('/')
    .filter((part) => part !== '')
    .join('-');
  return slug === '' ? 'top' : slug;
}
