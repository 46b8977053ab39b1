import type { Logger } from 'pino';
import type { MamoriConfig } from '../config/schema.ts';
import { consoleStatus } from '../core/console-status.ts';
import { startMamori, type RunningMamori } from '../app/mamori.ts';
import type { CheckEvent, CheckObserver } from '../pipeline/check-event.ts';
import type { EstateServer } from './estate-server.ts';
import { DEMO_INCIDENT_TARGETS, type IncidentName } from './incidents.ts';
import { demoTimeline } from './timeline.ts';
import { ensureDemoAccounts } from './demo-accounts.ts';
import { announceThreat, checkClaims } from './intel-story.ts';
import type { SiteWatchStory } from './site-watch-story.ts';
import { WATCH_NAMES } from '../core/site/incident.ts';

export interface DemoRun {
  mamori: RunningMamori;
  /** Resolves when all three incidents have been detected. */
  allDetected: Promise<void>;
  stop(): Promise<void>;
}

const PROBLEMS = new Set(['down', 'suspicious', 'tampered']);

/**
 * Run Mamori over a running demo estate and play the incident timeline, reporting each detection
 * as it happens through `say`. The estate server is the caller's.
 */
export async function runDemo(
  config: MamoriConfig,
  log: Logger,
  server: EstateServer,
  say: (line: string) => void,
  story: SiteWatchStory | null = null,
): Promise<DemoRun> {
  const started = Date.now();
  const stamp = () => `[${formatElapsed(Date.now() - started)}]`;
  const incidentOf = new Map<string, IncidentName>(
    (Object.entries(DEMO_INCIDENT_TARGETS) as [IncidentName, { siteKey: string; path: string }][]).map(
      ([name, ref]) => [server.urlFor(ref.siteKey, ref.path), name],
    ),
  );
  const pending = new Set<string>(incidentOf.values());
  // The site watch story's two incidents: the DNS hijack, and the portal certificate about to expire.
  if (story) pending.add('dns-hijack');
  if (story?.portal) pending.add('certificate-expiry');
  const told = new Set<string>();
  let resolveAll!: () => void;
  const allDetected = new Promise<void>((r) => (resolveAll = r));

  const reporter: CheckObserver = {
    name: 'demo-reporter',
    onCheck(event: CheckEvent) {
      const status = event.check.verdict;
      if (PROBLEMS.has(status) && event.previousStatus !== status) {
        const top = event.check.reasons[0];
        // Worded as the dashboard and `mamori status` word it: a 404 is DEGRADED everywhere.
        say(`${stamp()} DETECTED ${consoleStatus(status, event.check.outcome).toUpperCase()} ${event.page.url}`);
        if (top) say(`           ${top.code}: ${top.message}`);
        const incident = incidentOf.get(event.page.url);
        if (incident) pending.delete(incident);
        if (pending.size === 0) resolveAll();
      }
      return Promise.resolve();
    },
  };

  const mamori = await startMamori(config, log, { observers: [reporter] });
  mamori.runtime.siteWatch.service.onLook((site, look) => {
    const key = `${site.id}:${look.watch}`;
    if (look.outcome !== 'findings' || !look.kind || told.has(key)) return;
    told.add(key);
    say(`${stamp()} DETECTED ${look.kind.toUpperCase()} ${WATCH_NAMES[look.watch]} of ${look.subject}`);
    if (look.lead) say(`           ${look.lead.code}: ${look.lead.message}`);
    if (look.codes.includes('dns-ns-changed')) pending.delete('dns-hijack');
    if (look.codes.some((c) => c.startsWith('tls-certificate-expire'))) pending.delete('certificate-expiry');
    if (pending.size === 0) resolveAll();
  });
  say(
    `${stamp()} Mamori watches ${mamori.estate.pagesAdded + mamori.estate.pagesExisting} pages of ${mamori.estate.organisations} organisations; learning each page's normal first.`,
  );
  if (mamori.server) {
    say(`           Dashboard: ${mamori.server.url}/`);
    say(`           API: ${mamori.server.url}/api/pages  ·  OpenAPI: ${mamori.server.url}/docs`);
  }
  const accounts = await ensureDemoAccounts(mamori.runtime.auth, mamori.runtime.store, Date.now());
  say('           Demo accounts (demo passwords, sign in with POST /api/auth/login):');
  for (const a of accounts) say(`             ${a.username.padEnd(13)} ${a.password.padEnd(25)} ${a.role}: ${a.note}`);
  say(`${stamp()} scenario: a hacktivist collective announces attacks over the new law.`);
  const threatId = await announceThreat(mamori.runtime, say);

  const intervalMs = config.scheduler.defaultIntervalSeconds * 1000;
  const timers = demoTimeline(intervalMs, config.baseline.minSamples).map((step) =>
    setTimeout(() => {
      server.setState(step.patch);
      if (step.say) say(`${stamp()} scenario: ${step.say}`);
    }, step.atMs),
  );
  if (story) {
    // After the page incidents, once the DNS watch has learnt the names.
    const at = Math.max(...demoTimeline(intervalMs, config.baseline.minSamples).map((s) => s.atMs)) + intervalMs;
    timers.push(
      setTimeout(() => {
        story.hijack();
        say(
          `${stamp()} scenario: The name servers of ${story.hijackedName}'s zone are moved to an attacker's (a DNS hijack).`,
        );
      }, at),
    );
  }
  // Once the attacks are seen, the collective's claims on social media are checked.
  const claimsChecked = allDetected.then(() => {
    say(`${stamp()} scenario: claims of "successful attacks" appear on social media.`);
    return checkClaims(mamori.runtime, server, threatId, say);
  });
  return {
    mamori,
    allDetected: claimsChecked,
    async stop() {
      for (const t of timers) clearTimeout(t);
      await mamori.stop();
    },
  };
}

function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
