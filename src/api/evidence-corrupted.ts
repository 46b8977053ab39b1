/**
 * A stored body or artefact that no longer hashes to its name is evidence damaged at rest, not a
 * server fault: the caller is told so (409, `evidence_corrupted`) and pointed at `mamori evidence
 * verify`, instead of a bare 500 that looks like a bug worth retrying.
 */
import type { Context } from 'hono';
import { BlobCorruptError } from '../store/errors.ts';

export const EVIDENCE_CORRUPTED = 'evidence_corrupted';

export const CORRUPTED_ADVICE =
  'Run `mamori evidence verify` to list every damaged file, and restore it from a backup.';

/** Runs `read`; a corrupt blob comes back as `{ corrupted }` rather than thrown. Other errors propagate. */
export async function readEvidence<T>(read: () => Promise<T>): Promise<{ value: T } | { corrupted: BlobCorruptError }> {
  try {
    return { value: await read() };
  } catch (err) {
    if (err instanceof BlobCorruptError) return { corrupted: err };
    throw err;
  }
}

export function evidenceCorrupted(c: Context, what: string) {
  return c.json(
    {
      error: EVIDENCE_CORRUPTED,
      message: `The stored ${what} is damaged: it no longer matches its SHA-256. ${CORRUPTED_ADVICE}`,
    },
    409,
  );
}
