/**
 * The `intel` section of the one config schema (imported by `config/schema.ts`): the threat watch's
 * feeds, watched keywords and sector words (structured, so file-only), and the heightened watch's
 * window and pace (scalars, one environment variable each).
 */
import { z } from 'zod';

const error = (text: string) => ({ error: text });
function intIn(min: number, max: number) {
  const e = error(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}
const feedName = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/,
    error('must be lower-case letters, digits, hyphens and underscores (e.g. "hacktivist-rss")'),
  );
const httpUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), error('must be an http:// or https:// URL'));

export const FEED_FORMATS = ['rss', 'json', 'folder'] as const;

const feedSchema = z
  .strictObject({
    name: feedName,
    /** `rss` reads RSS 2.0 and Atom; `json` a JSON Feed or an array of items; `folder` every .txt/.md file in a folder. */
    format: z.enum(FEED_FORMATS, error(`must be one of ${FEED_FORMATS.join(', ')}`)),
    url: httpUrl.optional(),
    folder: z.string().min(1, error('must not be empty')).optional(),
    pollSeconds: intIn(10, 86_400).default(300),
    /** Items of this feed are claims of attacks ("X was hacked") rather than announcements. */
    claims: z.boolean(error('must be true or false')).default(false),
  })
  .superRefine((feed, ctx) => {
    if (feed.format === 'folder' && !feed.folder)
      ctx.addIssue({ code: 'custom', path: ['folder'], message: 'a folder feed needs folder: <path>' });
    if (feed.format !== 'folder' && !feed.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: `a ${feed.format} feed needs url: <http(s) URL>` });
  });
export type FeedConfig = z.output<typeof feedSchema>;

export const INTEL_FILE_ONLY_KEYS = ['intel.feeds', 'intel.keywords', 'intel.sectors'] as const;

export const intelSchema = z
  .strictObject({
    feeds: z
      .array(feedSchema)
      .default([])
      .describe(
        'Feeds of announcements and claims: { name, format: rss|json|folder, url or folder, pollSeconds, claims }.',
      ),
    keywords: z
      .array(z.string().trim().min(1, error('must not be empty')))
      .default([])
      .describe('Watched keywords (an operation hashtag, the law’s name): an announcement with one opens a threat.'),
    sectors: z
      .record(z.string(), z.array(z.string().trim().min(1, error('must not be empty'))))
      .default({})
      .describe(
        'Extra words per sector (e.g. { judiciary: [最高裁] }), added to the built-in Japanese and English ones.',
      ),
    heightenedHours: intIn(1, 8760)
      .default(72)
      .describe('Hours a threat keeps the organisations it names on heightened watch.'),
    heightenedIntervalSeconds: intIn(5, 86_400)
      .default(60)
      .describe('Check interval of pages under heightened watch (a page’s own shorter interval is kept).'),
    renderOnHeightened: z
      .boolean(error('must be true or false'))
      .default(true)
      .describe('Render every check of a page under heightened watch in Chromium (when rendering is enabled).'),
    claimPages: intIn(1, 100)
      .default(5)
      .describe(
        'Pages checked for a claim that names a site or an organisation rather than a page (its home page first).',
      ),
    claimWindowHours: intIn(1, 720)
      .default(24)
      .describe(
        'How far back a claim reaches: a takedown claim is confirmed by pages of its target seen down, or availability incidents open, in this many hours before it.',
      ),
  })
  .prefault({});
