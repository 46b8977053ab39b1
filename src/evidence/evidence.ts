/**
 * The evidence stage as the composition root wires it: ledger, file store, recorder and the capture
 * observer, from the `evidence.*` config.
 */
import { join } from 'node:path';
import type { DatabaseHandle } from '../store/database.ts';
import { FsBlobStore } from '../store/blob-store.ts';
import type { Clock } from '../watch/clock.ts';
import { CaptureObserver, type CaptureObserverOptions } from './capture-observer.ts';
import { EvidenceStore } from './evidence-store.ts';
import { EvidenceRecorder } from './recorder.ts';

export interface EvidenceSettings {
  enabled: boolean;
  sampleHours: number;
  retentionDays: number;
  /** Empty: no RFC 3161 time stamps. */
  tsaUrl: string;
  timestampMinutes: number;
}

export interface Evidence {
  settings: EvidenceSettings;
  ledger: EvidenceStore;
  /** Content-addressed evidence files at `<dataDir>/evidence/ab/cd/<sha256>`. */
  files: FsBlobStore;
  recorder: EvidenceRecorder;
  /** The pipeline stage; `rendered` is where the rendering stage adds screenshots and the DOM. */
  observer(extra?: Pick<CaptureObserverOptions, 'rendered' | 'onCapture'>): CaptureObserver;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Evidence files live apart from page bodies: their retention follows other rules (legal holds). */
export function evidenceDir(dataDir: string): string {
  return join(dataDir, 'evidence');
}

export function openEvidence(handle: DatabaseHandle, dataDir: string, settings: EvidenceSettings, clock: Clock, mamoriVersion: string): Evidence {
  const ledger = new EvidenceStore(handle);
  const files = new FsBlobStore(evidenceDir(dataDir));
  const recorder = new EvidenceRecorder(ledger, files);
  return {
    settings, ledger, files, recorder,
    observer: (extra = {}) => new CaptureObserver({ ledger, recorder, clock, mamoriVersion, sampleIntervalMs: settings.sampleHours * HOUR_MS, ...extra }),
  };
}
