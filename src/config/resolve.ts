import { isAbsolute, resolve } from 'node:path';
import { type z } from 'zod';
import { resolveOrganisations } from './estate.ts';
import { deepFreeze } from './merge.ts';
import { type configSchema, type MamoriConfig } from './schema.ts';

/** Directory each relative path is resolved against, chosen by the layer the value came from. */
export interface PathBases {
  dataDir: string;
  database: string;
}

const SQLITE = 'sqlite:';

/** `sqlite:./data/x.db` → `sqlite:/abs/data/x.db`; in-memory and postgres URLs pass through unchanged. */
export function resolveDatabaseUrl(url: string, base: string): string {
  if (!url.startsWith(SQLITE)) return url;
  const file = url.slice(SQLITE.length);
  if (file === ':memory:' || isAbsolute(file)) return url;
  return SQLITE + resolve(base, file);
}

/** Parsed config → the immutable MamoriConfig the rest of Mamori sees. */
export function resolveConfig(parsed: z.output<typeof configSchema>, bases: PathBases): MamoriConfig {
  const config = {
    ...parsed,
    dataDir: resolve(bases.dataDir, parsed.dataDir),
    database: { ...parsed.database, url: resolveDatabaseUrl(parsed.database.url, bases.database) },
    estate: { organisations: resolveOrganisations(parsed.estate.organisations) },
  };
  // Frozen so no component can change settings under another's feet; reload means a new object.
  return deepFreeze(config);
}
