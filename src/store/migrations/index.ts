import type { Migration } from 'kysely';
import { migration0001Initial } from './0001-initial.ts';

/**
 * Every migration, by name. Listed statically (no directory globbing) so the set is the same under
 * tsx, a bundler or a compiled build. Names sort in the order they run; never rename or edit one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': migration0001Initial,
});
