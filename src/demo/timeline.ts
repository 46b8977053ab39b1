import type { EstateStatePatch } from './types.ts';
import { DEMO_INCIDENT_TARGETS, type IncidentName } from './incidents.ts';

/** One scripted moment of the demo: at `atMs` after start, patch the estate and say so. */
export interface DemoStep {
  atMs: number;
  patch: EstateStatePatch;
  say: string;
  incident?: IncidentName;
}

/**
 * The demo's story: the estate churns benignly while Mamori learns it, then the three incidents of the
 * motivating case strike one after another. Times scale with the check interval so each incident is
 * seen by at least one check after the baselines are learnt.
 */
export function demoTimeline(intervalMs: number, minSamples: number): DemoStep[] {
  const learnt = intervalMs * (minSamples + 1.5);
  const steps: DemoStep[] = [];
  for (let t = intervalMs; t < learnt + 4 * intervalMs; t += intervalMs) {
    steps.push({ atMs: t, patch: { tick: Math.round(t / intervalMs) }, say: '' });
  }
  const incidents: IncidentName[] = ['subpageDown', 'localOfficeDefaced', 'hiddenLinkInListing'];
  incidents.forEach((name, i) => {
    steps.push({
      atMs: learnt + i * intervalMs,
      patch: { incidents: { [name]: true } },
      say: DEMO_INCIDENT_TARGETS[name].description,
      incident: name,
    });
  });
  return steps.sort((a, b) => a.atMs - b.atMs);
}
