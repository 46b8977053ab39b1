/**
 * The `statusPage` section of the one config schema (imported by `config/schema.ts`): the public
 * status page, served from its own listener (its own origin), for the organisations that opt in.
 * Announcements are structured text, so they are set in the config file only.
 */
import { z } from 'zod';

const error = (text: string) => ({ error: text });
function intIn(min: number, max: number) {
  const e = error(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}
const nonEmpty = z.string().trim().min(1, error('must not be empty'));

export const STATUS_PAGE_FILE_ONLY_KEYS = ['statusPage.announcements'] as const;

const announcementSchema = z.strictObject({
  title: nonEmpty.max(200, error('must be at most 200 characters')),
  body: z.string().max(4000, error('must be at most 4000 characters')).default(''),
  /** An ISO 8601 date or date-time; shown as written, newest first. */
  publishedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).or(z.iso.date()),
  /** The organisation's slug; absent means the announcement concerns the whole page. */
  organisation: nonEmpty.optional(),
});

export type AnnouncementConfig = z.output<typeof announcementSchema>;

export const statusPageSchema = z
  .strictObject({
    enabled: z
      .boolean(error('must be true or false'))
      .default(false)
      .describe('Serve the public status page on its own listener (statusPage.host and statusPage.port).'),
    host: nonEmpty
      .default('127.0.0.1')
      .describe('Address the public status page listens on (its own origin, apart from the API and dashboard).'),
    port: intIn(0, 65_535).default(8090).describe('TCP port of the public status page (0 picks a free port).'),
    organisations: z
      .array(nonEmpty)
      .default([])
      .describe(
        'Slugs of the organisations that opt in: only their sites appear on the status page (empty: the page lists none). Comma-separated in the environment.',
      ),
    title: nonEmpty
      .max(200, error('must be at most 200 characters'))
      .default('Service status')
      .describe('Heading of the status page.'),
    showPageUrls: z
      .boolean(error('must be true or false'))
      .default(false)
      .describe('List each watched page’s URL and its status under its site (default: sites only, no deep-page URLs).'),
    maxAgeSeconds: intIn(0, 3600)
      .default(60)
      .describe(
        'How long browsers and caches may keep the page (Cache-Control max-age), and how long the server reuses it before asking the database again.',
      ),
    announcements: z
      .array(announcementSchema)
      .default([])
      .describe(
        'Announcements shown on the page, newest first: title, body, publishedAt (ISO 8601) and an optional organisation slug. Config file only.',
      ),
  })
  .prefault({});
