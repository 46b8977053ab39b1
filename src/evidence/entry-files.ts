/**
 * The evidence files an entry vouches for, read from its details: a capture's own files and the
 * images it names from earlier entries; a repeat's images and the WARC of the capture it repeats; a
 * time stamp's token. verify re-hashes them, the file index lists them (so retention keeps a file
 * while any live entry names it) and export copies them.
 */
import type { EvidenceFileRef, LedgerEntry } from './types.ts';

const SHA256 = /^[0-9a-f]{64}$/;

function listOf(entry: LedgerEntry, details: Record<string, unknown>): unknown[] | null {
  if (entry.kind === 'timestamp') return [details.file];
  if (entry.kind !== 'capture' && entry.kind !== 'repeat') return [];
  const own = details.files;
  const refs = details.imageRefs ?? [];
  if (!Array.isArray(own) || !Array.isArray(refs)) return null;
  const list: unknown[] = [...(own as unknown[]), ...(refs as unknown[])];
  if (entry.kind === 'repeat') {
    const r = details.repeats as { warcSha256?: unknown; warcBytes?: unknown; warcFilename?: unknown } | undefined;
    if (!r) return null;
    list.unshift({ role: 'warc', sha256: r.warcSha256, bytes: r.warcBytes, label: r.warcFilename });
  }
  return list;
}

/** The files, or a sentence saying why the details cannot be read (verify reports it). */
export function filesOfEntry(entry: LedgerEntry): EvidenceFileRef[] | string {
  let details: unknown;
  try {
    details = JSON.parse(entry.details);
  } catch {
    return 'its details are not valid JSON';
  }
  if (details === null || typeof details !== 'object') return 'its details are not an object';
  const list = listOf(entry, details as Record<string, unknown>);
  if (list === null) return 'its details list no files';
  const files: EvidenceFileRef[] = [];
  for (const f of list) {
    const ref = f as Partial<EvidenceFileRef> | null;
    if (!ref || typeof ref.sha256 !== 'string' || !SHA256.test(ref.sha256) || typeof ref.bytes !== 'number')
      return 'a file in its details has no valid SHA-256 or size';
    files.push({
      role: ref.role ?? 'warc',
      sha256: ref.sha256,
      bytes: ref.bytes,
      mediaType: ref.mediaType ?? '',
      label: ref.label ?? '',
    });
  }
  return files;
}
