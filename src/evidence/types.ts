/**
 * Evidence: what Mamori received, when and from where, kept so that nobody can alter it unseen.
 * Files (WARCs, screenshots, diff images, time-stamp tokens) are content-addressed by SHA-256; every
 * event is an entry in an append-only custody ledger whose entries chain by hash.
 */
import type { Reason, VerdictKind } from '../core/verdict.ts';
import type { OutcomeClass } from '../core/outcome.ts';

/**
 * What a ledger entry records:
 * - `capture`: evidence files written for one check;
 * - `repeat`: a check that saw the same bytes as the page's last capture: a small entry that points at
 *   that capture (by seq and WARC hash) instead of a new copy of them;
 * - `timestamp`: an RFC 3161 token over an earlier entry's hash (the ledger head at the time);
 * - `export`: a bundle handed out;
 * - `retention-delete`: a capture's files removed by retention (the entry stays, the files go);
 * - `hold` / `hold-release`: evidence placed under, or released from, a legal hold;
 * - `site-watch`: what a site watch (DNS, certificate, domain, headers) saw when it changed, in the details.
 */
export const LEDGER_KINDS = [
  'capture',
  'repeat',
  'timestamp',
  'export',
  'retention-delete',
  'hold',
  'hold-release',
  'site-watch',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The fields an entry's hash covers (with the previous entry's hash). */
export interface LedgerFields {
  /** Position in the chain, 1, 2, 3... without gaps. */
  seq: number;
  kind: LedgerKind;
  /** Epoch milliseconds when the entry was written. */
  recordedAt: number;
  pageId: number | null;
  checkId: number | null;
  url: string | null;
  /** Epoch milliseconds of what the entry is about (for a capture: when the check started). */
  observedAt: number | null;
  /** The entry this one is about (the capture deleted, the head stamped). */
  refersToSeq: number | null;
  /** SHA-256 of the entry's main file (a capture's WARC, a time-stamp token), lower-case hex. */
  evidenceSha256: string | null;
  /** Canonical JSON of the kind's details (see canonical-json.ts): hashed as this exact text. */
  details: string;
}

export interface LedgerEntry extends LedgerFields {
  prevHash: string;
  entryHash: string;
}

/** An entry about to be appended: the ledger assigns seq, prevHash and entryHash. */
export type NewLedgerEntry = Omit<LedgerFields, 'seq' | 'details'> & { details: object };

export type EvidenceRole = 'warc' | 'screenshot' | 'diff' | 'timestamp-token';

/** One file of evidence, named by its content. */
export interface EvidenceFileRef {
  role: EvidenceRole;
  sha256: string;
  bytes: number;
  mediaType: string;
  /** What it shows, e.g. the viewport name of a screenshot. */
  label: string;
}

/**
 * Why a check was captured. `claim`: the check was run to verify a public claim of an attack, so
 * what it saw is kept whatever it was.
 */
export type CaptureTrigger = 'first' | 'changed' | 'suspicious' | 'tampered' | 'down' | 'up' | 'sample' | 'claim';

export interface CaptureDetails {
  trigger: CaptureTrigger;
  url: string;
  finalUrl: string | null;
  verdict: VerdictKind;
  outcome: OutcomeClass;
  reasons: Reason[];
  httpStatus: number | null;
  remoteAddress: string | null;
  bodySha256: string | null;
  mamoriVersion: string;
  /** The name the WARC gives itself (warcinfo's WARC-Filename); export writes it under this name. */
  warcFilename: string;
  files: EvidenceFileRef[];
  /**
   * Images of this check that show the same picture as ones an earlier entry keeps: named, not stored
   * again. Absent on captures written before images were de-duplicated.
   */
  imageRefs?: ImageRef[];
}

/** An image (screenshot or diff) kept by an earlier entry that this entry's check also showed. */
export interface ImageRef {
  role: 'screenshot' | 'diff';
  label: string;
  sha256: string;
  bytes: number;
  /** The entry that stored the file. */
  seq: number;
}

/**
 * A check that repeats the page's last capture (capture-policy's repeatOf): the same body (hash,
 * HTTP status and final URL), or, with `sameBytes` false, a body that differs only where the page
 * churns while the verdict rests on the same reasons. Its record is that capture's WARC, named by seq
 * and hash (also the entry's evidenceSha256); the entry adds what is this check's own: when, the
 * verdict, from where, the body's hash.
 */
export interface RepeatDetails {
  trigger: CaptureTrigger;
  /** False: the body differed from the capture's (its hash is bodySha256), the finding did not. */
  sameBytes: boolean;
  verdict: VerdictKind;
  outcome: OutcomeClass;
  httpStatus: number | null;
  remoteAddress: string | null;
  bodySha256: string | null;
  finalUrl: string | null;
  repeats: { seq: number; warcSha256: string; warcBytes: number; warcFilename: string };
  /** Reason codes; the reasons in full only when they differ from the repeated capture's. */
  reasonCodes: string[];
  reasons?: Reason[];
  mamoriVersion: string;
  /** Images whose picture changed since the last kept ones: stored as files of this entry. */
  files: EvidenceFileRef[];
  /** Images unchanged since an earlier entry kept them. */
  imageRefs: ImageRef[];
}

export interface TimestampDetails {
  tsaUrl: string;
  /** The hash stamped: the referred entry's entryHash. */
  stampedHash: string;
  /** The TSA's time (ISO 8601), from the token. */
  genTime: string;
  serialNumber: string;
  policy: string;
  file: EvidenceFileRef;
}

export interface RetentionDeleteDetails {
  reason: string;
  /** The capture's files and whether each was removed (a file another live capture shares is kept). */
  files: { sha256: string; removed: boolean }[];
}

export interface ExportDetails {
  scope: ExportScope;
  /** SHA-256 of the bundle's evidence manifest (the lines for its WARCs, images and tokens). */
  evidenceManifestSha256: string;
  captureSeqs: number[];
  files: number;
}

export type ExportScope =
  | { kind: 'incident'; incidentId: string; pageIds: number[]; from: number; to: number }
  | { kind: 'page'; url: string; from: number; to: number };

export interface HoldDetails {
  holdId: number;
  subject: string;
  from: number | null;
  to: number | null;
  reason: string;
}

/**
 * What a rendering stage adds to a check, when there is one: screenshots, the DOM after scripts ran,
 * and visual diff images. The recorder reads it from the check event if present.
 */
export interface RenderedCapture {
  screenshots?: { label: string; png: Buffer }[];
  /** The serialised DOM after scripts ran. */
  renderedDom?: string;
  diffImages?: { label: string; png: Buffer }[];
}

/** An incident's extent, as export needs it. */
export interface IncidentWindow {
  id: string;
  pageIds: number[];
  /** Epoch milliseconds. */
  from: number;
  to: number;
}

/** Where export looks incidents up. The incident store implements it. */
export interface IncidentScope {
  get(id: string): Promise<IncidentWindow | null>;
}

/** A legal hold: evidence it covers is never deleted by retention until the hold is released. */
export interface EvidenceHold {
  id: number;
  /** Who asked, e.g. `incident:42` or `case:2026-0173`. */
  subject: string;
  /** Null: every page. */
  pageId: number | null;
  from: number | null;
  to: number | null;
  reason: string;
  createdAt: number;
  releasedAt: number | null;
}

export interface NewHold {
  subject: string;
  pageId: number | null;
  from: number | null;
  to: number | null;
  reason: string;
}
