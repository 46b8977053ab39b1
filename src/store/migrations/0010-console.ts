/**
 * The console's estate overview (issue 7): each page carries its status colour's rank (0 = tampered,
 * worst, to 5 = up; see core/console-status.ts), and search text, written when a page is added or a check recorded, so
 * the overview sorts worst-first, pages by keyset on (rank, id) and counts by colour from indexes
 * alone at 100,000 pages, without reading checks or parsing baselines.
 */
import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Rank of `unknown`: what a page has before its first check. */
const UNKNOWN_RANK = 4;

/**
 * Pages per (site, colour), kept by triggers on pages, so the overview's counts (unsearched) are a
 * few thousand rows whatever the size of the estate, rather than a count over every page on each
 * request. A check changes a page's row here only when its colour changes, which is rare.
 */
async function createPageCounts(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('page_counts')
    .addColumn('site_id', pg ? 'bigint' : 'integer', (c) => c.notNull())
    .addColumn('health_rank', 'integer', (c) => c.notNull())
    .addColumn('n', pg ? 'bigint' : 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('page_counts_pk', ['site_id', 'health_rank'])
    .execute();
  await sql`insert into page_counts (site_id, health_rank, n) select site_id, health_rank, count(*) from pages group by site_id, health_rank`.execute(
    db,
  );
  // SQLite: row triggers (it has no statement triggers); each is a B-tree update in-process.
  const add = (rec: 'new' | 'old') =>
    `insert into page_counts (site_id, health_rank, n) values (${rec}.site_id, ${rec}.health_rank, 1) on conflict (site_id, health_rank) do update set n = page_counts.n + 1;`;
  const remove = (rec: 'new' | 'old') =>
    `update page_counts set n = n - 1 where site_id = ${rec}.site_id and health_rank = ${rec}.health_rank;`;
  if (pg) {
    // Statement-level triggers with transition tables: a bulk import of 100,000 pages is one
    // aggregate upsert, not 100,000 updates of the same counter row. An update that changes no
    // page's site or colour (almost every check) writes nothing here, so takes no lock here either.
    await sql
      .raw(
        `create function mamori_page_counts() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into page_counts (site_id, health_rank, n) select site_id, health_rank, count(*) from new_rows group by site_id, health_rank
            on conflict (site_id, health_rank) do update set n = page_counts.n + excluded.n;
        elsif tg_op = 'DELETE' then
          update page_counts p set n = p.n - d.k from (select site_id, health_rank, count(*) as k from old_rows group by site_id, health_rank) d
            where p.site_id = d.site_id and p.health_rank = d.health_rank;
        else
          update page_counts p set n = p.n - d.k from (
              select o.site_id, o.health_rank, count(*) as k from old_rows o join new_rows w on w.id = o.id
              where o.site_id <> w.site_id or o.health_rank <> w.health_rank group by o.site_id, o.health_rank) d
            where p.site_id = d.site_id and p.health_rank = d.health_rank;
          insert into page_counts (site_id, health_rank, n)
            select w.site_id, w.health_rank, count(*) from old_rows o join new_rows w on w.id = o.id
            where o.site_id <> w.site_id or o.health_rank <> w.health_rank group by w.site_id, w.health_rank
            on conflict (site_id, health_rank) do update set n = page_counts.n + excluded.n;
        end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        'create trigger page_counts_insert after insert on pages referencing new table as new_rows for each statement execute function mamori_page_counts()',
      )
      .execute(db);
    await sql
      .raw(
        'create trigger page_counts_delete after delete on pages referencing old table as old_rows for each statement execute function mamori_page_counts()',
      )
      .execute(db);
    await sql
      .raw(
        'create trigger page_counts_update after update on pages referencing old table as old_rows new table as new_rows for each statement execute function mamori_page_counts()',
      )
      .execute(db);
    return;
  }
  await sql.raw(`create trigger page_counts_insert after insert on pages begin ${add('new')} end`).execute(db);
  await sql.raw(`create trigger page_counts_delete after delete on pages begin ${remove('old')} end`).execute(db);
  await sql
    .raw(
      `create trigger page_counts_update after update of site_id, health_rank on pages
    when old.site_id <> new.site_id or old.health_rank <> new.health_rank begin ${remove('old')} ${add('new')} end`,
    )
    .execute(db);
}

async function dropPageCounts(db: AnyDb): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const t of ['page_counts_insert', 'page_counts_delete', 'page_counts_update'])
      await sql.raw(`drop trigger ${t} on pages`).execute(db);
    await sql.raw('drop function mamori_page_counts()').execute(db);
  } else {
    for (const t of ['page_counts_insert', 'page_counts_delete', 'page_counts_update'])
      await sql.raw(`drop trigger ${t}`).execute(db);
  }
  await db.schema.dropTable('page_counts').execute();
}

export const migration0010Console: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .alterTable('pages')
      .addColumn('health_rank', 'integer', (c) => c.notNull().defaultTo(UNKNOWN_RANK))
      .execute();
    await db.schema.alterTable('pages').addColumn('title', 'text').execute();
    // URL and title, width- and case-folded (core/search-text.ts), so a search is one LIKE per word.
    await db.schema.alterTable('pages').addColumn('search_text', 'text').execute();
    // Existing pages: the same mapping as consoleStatus(), from the status and the last check's outcome.
    await sql`update pages set health_rank = case
        when status = 'tampered' then 0
        when status = 'suspicious' then 2
        when status = 'pending' then 4
        when status = 'down' then case (select c.outcome from checks c where c.id = pages.last_check_id)
          when 'blocked' then 4
          when 'http-4xx' then 3 when 'soft-404' then 3 when 'too-large' then 3 when 'bad-encoding' then 3 when 'unsupported-content' then 3
          else 1 end
        else 5 end`.execute(db);
    // Titles from the learnt baselines (the newest title is the last of the list).
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`update pages set title = (baseline::json -> 'titles') ->> -1 where baseline is not null`.execute(db);
    } else {
      await sql`update pages set title = json_extract(baseline, '$.titles[#-1]') where baseline is not null and json_valid(baseline)`.execute(
        db,
      );
    }
    await sql`update pages set search_text = lower(url) || coalesce(' ' || lower(title), '')`.execute(db);
    // Worst-first keyset over the estate, and within one site (organisation filters resolve to sites).
    await db.schema.createIndex('pages_health_rank_id').on('pages').columns(['health_rank', 'id']).execute();
    await db.schema
      .createIndex('pages_site_health_rank_id')
      .on('pages')
      .columns(['site_id', 'health_rank', 'id'])
      .execute();
    await createPageCounts(db);
  },
  async down(db: AnyDb): Promise<void> {
    await dropPageCounts(db);
    await db.schema.dropIndex('pages_site_health_rank_id').execute();
    await db.schema.dropIndex('pages_health_rank_id').execute();
    await db.schema.alterTable('pages').dropColumn('search_text').execute();
    await db.schema.alterTable('pages').dropColumn('title').execute();
    await db.schema.alterTable('pages').dropColumn('health_rank').execute();
  },
};
