import { join } from 'node:path';
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './database.ts';
import { openDatabase } from './database.ts';
import { StoreMigrationError } from './errors.ts';
import { isOtherSchemaDropped, runMigrations } from './migrator.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { TempDir } from './test-support.ts';
import { makeTempDir } from './test-support.ts';

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  return (await handle.db.introspection.getTables()).map((t) => t.name).sort();
}

describe('runMigrations on SQLite', () => {
  let dir: TempDir;
  let handle: DatabaseHandle;
  beforeEach(async () => {
    dir = await makeTempDir();
    handle = openDatabase(join(dir.path, 'm.sqlite'));
  });
  afterEach(async () => {
    await handle.db.destroy();
    await dir.remove();
  });

  it('creates the schema once', async () => {
    await runMigrations(handle);
    await runMigrations(handle);
    expect(await tableNames(handle)).toEqual([
      'api_tokens',
      'audit_log',
      'campaigns',
      'check_rollups',
      'checks',
      'claims',
      'evidence_files',
      'evidence_holds',
      'evidence_ledger',
      'incident_assignees',
      'incident_events',
      'incident_notes',
      'incidents',
      'mamori_migration',
      'mamori_migration_lock',
      'notification_outbox',
      'organisations',
      'page_baselines',
      'page_counts',
      'pages',
      'paused_pages',
      'render_states',
      'sessions',
      'site_findings',
      'site_sources',
      'site_watch_looks',
      'site_watch_state',
      'sites',
      'threat_targets',
      'threats',
      'users',
      'vantage_jobs',
      'vantage_reports',
    ]);
  });

  it('rolls a failing migration back and names it', async () => {
    const failing: Migration = {
      async up(db: Kysely<unknown>) {
        await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
        await sql`this is not sql`.execute(db);
      },
    };
    const err: unknown = await runMigrations(handle, { ...MIGRATIONS, '0002-broken': failing }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreMigrationError);
    expect(err).toMatchObject({ migrationName: '0002-broken' });
    expect((err as Error).message).toMatch(/Migration 0002-broken failed/);
    // SQLite runs everything in one transaction: not even 0001 stays applied.
    expect(await tableNames(handle)).toEqual([]);
    await runMigrations(handle);
    expect(await tableNames(handle)).toContain('pages');
  });

  it('refuses a database migrated by a newer Mamori', async () => {
    const later: Migration = { up: () => Promise.resolve() };
    await runMigrations(handle, { ...MIGRATIONS, '0099-future': later });
    const err: unknown = await runMigrations(handle).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreMigrationError);
    expect((err as Error).message).toMatch(/newer Mamori.*0099-future/);
  });

  it('runs a migration that landed below one already applied (parallel branches), once', async () => {
    const { '0008-intel': intel, ...without } = MIGRATIONS;
    expect(intel).toBeDefined();
    await runMigrations(handle, without);
    expect(await tableNames(handle)).not.toContain('threats');
    await runMigrations(handle);
    await runMigrations(handle);
    expect(await tableNames(handle)).toEqual(
      expect.arrayContaining(['threats', 'threat_targets', 'claims', 'api_tokens']),
    );
  });
});

describe('isOtherSchemaDropped', () => {
  const dropped = (schema: string) => Object.assign(new Error(`schema "${schema}" does not exist`), { code: '3F000' });

  it('repeats a run that failed only because another schema vanished during introspection', () => {
    expect(isOtherSchemaDropped({ error: dropped('mamori_test_other') }, 'mamori_test_mine')).toBe(true);
  });

  it('repeats a run whose introspection lost a column of a table dropped meanwhile', () => {
    const lost = Object.assign(new Error('column "sha256" of relation "evidence_files" does not exist'), {
      code: '42703',
      routine: 'pg_get_serial_sequence',
    });
    expect(isOtherSchemaDropped({ error: lost }, 'mamori_test_mine')).toBe(true);
    // The same code from anywhere else is a real error in our schema: not repeated.
    expect(isOtherSchemaDropped({ error: { ...lost, routine: 'errorMissingColumn' } }, 'mamori_test_mine')).toBe(false);
  });

  it('does not repeat when our own schema is missing, the error is another one, or a migration ran', () => {
    expect(isOtherSchemaDropped({ error: dropped('mamori_test_mine') }, 'mamori_test_mine')).toBe(false);
    expect(
      isOtherSchemaDropped({ error: Object.assign(new Error('boom'), { code: '42P01' }) }, 'mamori_test_mine'),
    ).toBe(false);
    expect(
      isOtherSchemaDropped(
        { error: dropped('x'), results: [{ migrationName: '0001-initial', direction: 'Up', status: 'Error' }] },
        'mine',
      ),
    ).toBe(false);
    expect(isOtherSchemaDropped({ results: [] }, 'mine')).toBe(false);
  });
});
