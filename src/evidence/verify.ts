/**
 * `mamori evidence verify`: walk the whole ledger, check every link of the hash chain, re-hash every
 * file a live entry names, cross-check entries, file rows and files on disk both ways
 * (verify-cross.ts) and, when given, the page bodies (verify-bodies.ts). Each problem names the
 * entry (and the file, with its path); nothing found wrong ever throws, so one bad file cannot hide
 * the next.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { FsBlobStore } from '../store/blob-store.ts';
import type { Database } from '../store/database.ts';
import { checkLink, type ChainBreak } from './chain.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { filesOfEntry } from './entry-files.ts';
import { checkRepeats, repeatLink, type RepeatLink } from './verify-repeats.ts';
import { verifyBodies, type BodyNote, type BodyProblem } from './verify-bodies.ts';
import { CrossCheck, type CrossProblem } from './verify-cross.ts';
import { checkAnchor, type AnchorProblem, type TailAnchor } from './tail-anchor.ts';
import type { EvidenceFileRef, LedgerEntry } from './types.ts';

export type FileProblemKind = 'missing' | 'truncated' | 'grown' | 'corrupted' | 'unreadable';

export type VerifyProblem =
  | { kind: 'chain'; seq: number; link: ChainBreak['kind']; message: string }
  | { kind: 'details'; seq: number; message: string }
  | { kind: 'timestamp'; seq: number; message: string }
  | { kind: 'repeat'; seq: number; message: string }
  | {
      kind: 'file';
      seq: number;
      problem: FileProblemKind;
      role: string;
      label: string;
      sha256: string;
      path: string;
      message: string;
    }
  | CrossProblem
  | BodyProblem
  | AnchorProblem;

export type VerifyNote = BodyNote | { kind: 'no-anchor'; message: string };

export interface VerifyReport {
  entries: number;
  head: { seq: number; entryHash: string } | null;
  /** The first entry whose link is broken (content changed, a gap, a wrong predecessor), if any. */
  firstBrokenLink: number | null;
  filesChecked: number;
  bytesChecked: number;
  /** Distinct page bodies re-hashed (0 when verify was not given the body store). */
  bodiesChecked: number;
  problems: VerifyProblem[];
  /** Worth knowing, not wrong: blobs no check keeps (retention removes them later). */
  notes: VerifyNote[];
}

export interface VerifyOptions {
  /** Page bodies to check against the check rows that name them. */
  bodies?: { db: Kysely<Database>; blobs: FsBlobStore };
  /** Tail anchors to hold the ledger's end to: the anchor log's newest, a copy handed to an investigator. */
  anchors?: { anchor: TailAnchor | null; source: string }[];
}

interface Obligation {
  seq: number;
  file: EvidenceFileRef;
}

const PAGE = 500;

function stampedHashOf(entry: LedgerEntry): unknown {
  try {
    return (JSON.parse(entry.details) as { stampedHash?: unknown }).stampedHash;
  } catch {
    return undefined;
  }
}

function describeBreak(b: ChainBreak): string {
  if (b.kind === 'gap') return `entry #${b.expectedSeq} is missing (the next entry found is #${b.seq})`;
  if (b.kind === 'prev-hash') return `entry #${b.seq} does not point at the hash of entry #${b.seq - 1}`;
  return `entry #${b.seq} no longer matches its own hash: its recorded content was changed`;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface FileState {
  problem: FileProblemKind | null;
  detail: string;
  size: number;
}

async function inspectFile(path: string, expected: EvidenceFileRef): Promise<FileState> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { problem: 'unreadable', detail: 'is not a regular file', size: 0 };
    size = info.size;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code === 'ENOENT'
      ? { problem: 'missing', detail: 'is missing', size: 0 }
      : { problem: 'unreadable', detail: `cannot be read (${code ?? String(err)})`, size: 0 };
  }
  if (size < expected.bytes)
    return { problem: 'truncated', detail: `is truncated: ${size} of ${expected.bytes} bytes`, size };
  if (size > expected.bytes)
    return { problem: 'grown', detail: `has grown: ${size} bytes, ${expected.bytes} recorded`, size };
  try {
    const actual = await hashFile(path);
    if (actual !== expected.sha256)
      return { problem: 'corrupted', detail: `is corrupted: its SHA-256 is ${actual}`, size };
  } catch (err) {
    return {
      problem: 'unreadable',
      detail: `cannot be read (${(err as { code?: string }).code ?? String(err)})`,
      size,
    };
  }
  return { problem: null, detail: '', size };
}

/** Re-hashes the files live entries name, each distinct file once however many captures share it. */
async function checkFiles(
  obligations: readonly Obligation[],
  deleted: ReadonlySet<number>,
  files: FsBlobStore,
  problems: VerifyProblem[],
): Promise<{ filesChecked: number; bytesChecked: number }> {
  const seen = new Map<string, FileState>();
  let filesChecked = 0;
  let bytesChecked = 0;
  for (const { seq, file } of obligations) {
    if (deleted.has(seq)) continue;
    const path = files.pathOf(file.sha256);
    const key = `${file.sha256}:${file.bytes}`;
    let state = seen.get(key);
    if (!state) {
      state = await inspectFile(path, file);
      seen.set(key, state);
      filesChecked++;
      bytesChecked += state.size;
    }
    if (state.problem !== null) {
      problems.push({
        kind: 'file',
        seq,
        problem: state.problem,
        role: file.role,
        label: file.label,
        sha256: file.sha256,
        path,
        message: `${file.role} ${file.label} of entry #${seq} (${path}) ${state.detail}`,
      });
    }
  }
  return { filesChecked, bytesChecked };
}

export async function verifyEvidence(
  ledger: EvidenceStore,
  files: FsBlobStore,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const obligations: Obligation[] = [];
  const deleted = new Set<number>();
  const stamps: { seq: number; refersToSeq: number | null; stampedHash: unknown }[] = [];
  const repeats: RepeatLink[] = [];
  let previous: LedgerEntry | null = null;
  let firstBrokenLink: number | null = null;
  let entries = 0;
  const cross = new CrossCheck(ledger);
  for (let after = 0; ;) {
    const page = await ledger.entries(after, PAGE);
    if (page.length === 0) break;
    const listed = new Map<number, EvidenceFileRef[] | null>();
    for (const entry of page) {
      entries++;
      for (const b of checkLink(previous, entry)) {
        firstBrokenLink ??= b.seq;
        problems.push({ kind: 'chain', seq: entry.seq, link: b.kind, message: describeBreak(b) });
      }
      if (entry.kind === 'retention-delete' && entry.refersToSeq !== null) deleted.add(entry.refersToSeq);
      if (entry.kind === 'timestamp')
        stamps.push({ seq: entry.seq, refersToSeq: entry.refersToSeq, stampedHash: stampedHashOf(entry) });
      if (entry.kind === 'repeat') repeats.push(repeatLink(entry));
      const list = filesOfEntry(entry);
      if (typeof list === 'string')
        problems.push({ kind: 'details', seq: entry.seq, message: `entry #${entry.seq}: ${list}` });
      else for (const file of list) obligations.push({ seq: entry.seq, file });
      listed.set(entry.seq, typeof list === 'string' ? null : list);
      previous = entry;
    }
    await cross.page(after, page[page.length - 1]!.seq, listed);
    after = page[page.length - 1]!.seq;
  }
  await cross.tail(previous?.seq ?? 0);
  await cross.disk(files);
  problems.push(...cross.problems);
  const checked = await checkFiles(obligations, deleted, files, problems);
  // A token must vouch for the entry it says it stamped (the token's own imprint was checked when it was received).
  for (const stamp of stamps) {
    const stamped = stamp.refersToSeq === null ? null : await ledger.entry(stamp.refersToSeq);
    if (!stamped || stamped.entryHash !== stamp.stampedHash) {
      problems.push({
        kind: 'timestamp',
        seq: stamp.seq,
        message: `time stamp #${stamp.seq} does not match the hash of entry #${stamp.refersToSeq ?? '?'}`,
      });
    }
  }
  problems.push(...(await checkRepeats(ledger, repeats)));
  const head = previous ? { seq: previous.seq, entryHash: previous.entryHash } : null;
  const notes: VerifyNote[] = [];
  for (const { anchor, source } of options.anchors ?? []) {
    if (anchor === null)
      notes.push({
        kind: 'no-anchor',
        message: `${source} holds no anchor yet: deleting the newest entries would not be noticed before one is written`,
      });
    else problems.push(...(await checkAnchor(ledger, head, entries, anchor, source)));
  }
  const bodies = options.bodies ? await verifyBodies(options.bodies.db, options.bodies.blobs) : null;
  if (bodies) problems.push(...bodies.problems);
  // By entry; problems no entry owns (files on disk, bodies) last. The sort is stable.
  problems.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return {
    entries,
    head,
    firstBrokenLink,
    ...checked,
    bodiesChecked: bodies?.bodiesChecked ?? 0,
    problems,
    notes: [...notes, ...(bodies?.notes ?? [])],
  };
}
