/**
 * Announcements in, threats out: each item (from a feed, a folder or the API) is judged against
 * the estate by the pure matcher; a threat is stored once and puts the organisations it names on
 * heightened watch for the configured window.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { assessAnnouncement, type ThreatAssessment, type WatchVocabulary } from '../core/intel/index.ts';
import type { EstateStore } from '../store/types.ts';
import type { IntelStore } from './intel-store.ts';
import type { Threat } from './types.ts';
import { watchedEstate } from './watched-estate.ts';

/** One announcement, whatever it came from. */
export interface Announcement {
  /** The source's own id of the item (RSS guid, Atom id, file name), for de-duplication. */
  key?: string;
  title: string;
  text: string;
  source: string;
  sourceUrl?: string | null;
  publishedAt?: number;
}

export interface IngestResult {
  assessment: ThreatAssessment;
  /** The stored threat, or null when the announcement is no threat. */
  threat: Threat | null;
  /** False when the same announcement had been stored before. */
  created: boolean;
}

export interface ThreatServiceDeps {
  intel: IntelStore;
  store: EstateStore;
  vocabulary: WatchVocabulary;
  sectorsBySlug: ReadonlyMap<string, readonly string[]>;
  heightenedMs: number;
  now: () => number;
  log: Logger;
  /** Called after a new threat is stored (the heightened watch re-reads and re-paces its sites). */
  onThreat?: (threat: Threat) => Promise<void>;
}

const MAX_SUMMARY = 4000;

/** A stable id: the same item from the same source is the same threat. */
export function threatId(a: Pick<Announcement, 'key' | 'title' | 'text' | 'source'>): string {
  const identity = a.key !== undefined && a.key !== '' ? `key:${a.key}` : `text:${a.title}\n${a.text}`;
  return `thr-${createHash('sha256').update(`${a.source}\n${identity}`).digest('hex').slice(0, 16)}`;
}

export class ThreatService {
  constructor(private readonly deps: ThreatServiceDeps) {}

  async ingest(announcement: Announcement): Promise<IngestResult> {
    const { intel, store, vocabulary, sectorsBySlug, heightenedMs, log } = this.deps;
    const estate = await watchedEstate(store, sectorsBySlug);
    const assessment = assessAnnouncement(announcement, estate, vocabulary);
    if (!assessment.isThreat) return { assessment, threat: null, created: false };
    const now = this.deps.now();
    const publishedAt = announcement.publishedAt ?? now;
    // The watch runs from when Mamori learnt of the threat: an old item read late still gets its window.
    const watchUntil = now + heightenedMs;
    const { threat, created } = await intel.addThreat(
      {
        id: threatId(announcement),
        title: announcement.title.slice(0, 300) || '(untitled announcement)',
        summary: announcement.text.slice(0, MAX_SUMMARY),
        source: announcement.source,
        sourceUrl: announcement.sourceUrl ?? null,
        publishedAt,
        watchUntil,
        keywords: assessment.keywords,
        reasons: assessment.reasons,
        targets: assessment.targets.map((t) => ({ ...t, watchUntil })),
      },
      now,
    );
    if (created) {
      log.info(
        {
          threat: threat.id,
          title: threat.title,
          targets: threat.targets.map((t) => t.organisationId),
          until: new Date(watchUntil).toISOString(),
        },
        'threat opened: its targets are on heightened watch',
      );
      await this.deps.onThreat?.(threat);
    }
    return { assessment, threat, created };
  }
}
