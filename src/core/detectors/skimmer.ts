import type { ActiveItem } from '../active-content/inventory.ts';
import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { knownDomains, unknownDestinations } from '../active-content/hosts.ts';
import { freshCode } from './fresh-code.ts';

/** Disguises, as in injected-script.ts: code written so that nobody sees what it does. */
const DISGUISES = new Set([
  'eval',
  'unescape',
  'from-char-code',
  'atob',
  'escaped-payload',
  'opaque-string',
  'hex-escapes',
  'array-rotation',
  'hex-numbers',
  'decode-exec',
]);

const SINK_WORDS: Record<string, string> = {
  'sink-beacon': 'a beacon',
  'sink-image': 'an image request',
  'sink-fetch': 'fetch',
  'sink-xhr': 'XMLHttpRequest',
  'sink-websocket': 'a WebSocket',
  'sink-form': 'a form it builds',
  'sink-frame': 'a frame address',
};

/**
 * Skimmers: new code that reads what visitors type (payment fields above all) and has a way to send
 * it out, to a domain this page never used, disguised, or on submit. Judged on behaviour, never on
 * names: a new family reading `cc_number` and posting it elsewhere is caught the same way.
 */
export const skimmer: Detector = {
  id: 'skimmer',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const domains = knownDomains(model, baseline);
    const reasons: Reason[] = [];
    for (const item of freshCode(model, baseline)) {
      const draft = judge(item, unknownDestinations(item.urls, domains));
      if (!draft) continue;
      const { url, ...reason } = draft;
      reasons.push({ ...reason, evidence: { selector: item.path, snippet: item.snippet, ...(url ? { url } : {}) } });
    }
    return reasons;
  },
};

type Draft = Omit<Reason, 'evidence'> & { url?: string };

function judge(item: ActiveItem, foreign: string[]): Draft | null {
  const f = new Set(item.features);
  const sinks = [...f].filter((x) => x.startsWith('sink-'));
  const card = f.has('card-fields');
  const reads = f.has('reads-fields');
  if (sinks.length === 0 || (!reads && !card)) return null;
  const listens = f.has('listens-submit') || f.has('polls');
  const disguised = [...f].filter((x) => DISGUISES.has(x));
  const how = sinks.map((s) => SINK_WORDS[s] ?? s).join(', ');
  const to = foreign.length > 0 ? ` to ${foreign.slice(0, 2).join(', ')}, never used by this page` : '';
  const url = item.urls.find((u) => foreign.some((h) => u.includes(h)));
  const where = item.kind === 'event-handler' ? 'A new event-handler attribute' : 'A new inline script';
  if (card && (foreign.length > 0 || disguised.length > 0)) {
    return {
      code: 'skimmer-payment-fields',
      severity: 'high',
      ...(url ? { url } : {}),
      message: `${where} reads payment or billing fields and can send them out by ${how}${to}${disguised.length > 0 ? ` (disguised: ${disguised.join(', ')})` : ''}: a payment skimmer.`,
    };
  }
  if (reads && listens && foreign.length > 0) {
    return {
      code: 'skimmer-form-exfiltration',
      severity: 'high',
      ...(url ? { url } : {}),
      message: `${where} reads what visitors type when they submit or click and can send it by ${how}${to}: a form skimmer.`,
    };
  }
  if (reads && disguised.length > 0) {
    return {
      code: 'skimmer-disguised',
      severity: 'high',
      message: `${where} reads form fields and can send them by ${how}, and disguises itself (${disguised.join(', ')}).`,
    };
  }
  if (card && listens) {
    return {
      code: 'payment-fields-sent',
      severity: 'medium',
      message: `${where} reads payment or billing fields when the visitor submits and sends them by ${how} to a host the page already uses.`,
    };
  }
  if (reads && foreign.length > 0) {
    return {
      code: 'form-fields-sent-new-domain',
      severity: 'medium',
      ...(url ? { url } : {}),
      message: `${where} reads form fields and can send them by ${how}; it names ${foreign.slice(0, 2).join(', ')}, never used by this page.`,
    };
  }
  return {
    code: 'form-fields-sent',
    severity: 'low',
    message: `${where} reads form fields and can send them by ${how}, to hosts the page already uses.`,
  };
}
