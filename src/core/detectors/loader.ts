import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { knownDomains, unknownDestinations } from '../active-content/hosts.ts';
import { freshCode } from './fresh-code.ts';

/** Disguises that hide an address or the code itself. */
const DISGUISES = new Set([
  'unescape',
  'from-char-code',
  'atob',
  'escaped-payload',
  'opaque-string',
  'hex-escapes',
  'array-rotation',
  'hex-numbers',
  'computed-access',
]);

/**
 * Loaders: new code that decodes text and runs it, runs what it downloads, or creates script
 * elements whose address it disguises or that come from a domain the page never used. Analytics
 * snippets also create script elements, but from an address written plainly in their source, on a
 * domain the page already used or with nothing else alarming about them.
 */
export const loader: Detector = {
  id: 'loader',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const domains = knownDomains(model, baseline);
    const reasons: Reason[] = [];
    for (const item of freshCode(model, baseline)) {
      const f = new Set(item.features);
      const evidence = { selector: item.path, snippet: item.snippet };
      const where = item.kind === 'event-handler' ? 'A new event-handler attribute' : 'A new inline script';
      if (f.has('decode-exec')) {
        reasons.push({
          code: 'decode-and-run',
          severity: 'high',
          message: `${where} decodes hidden text and runs it as code (eval or Function of atob, unescape or fromCharCode): how packed loaders start.`,
          evidence,
        });
        continue;
      }
      if (f.has('runs-response')) {
        reasons.push({
          code: 'runs-downloaded-code',
          severity: 'high',
          message: `${where} downloads text and runs it as code: a remote loader.`,
          evidence,
        });
        continue;
      }
      if (!f.has('writes-script')) continue;
      const disguised = [...f].filter((x) => DISGUISES.has(x));
      const foreign = unknownDestinations(item.urls, domains);
      if (disguised.length > 0) {
        reasons.push({
          code: 'disguised-script-loader',
          severity: 'high',
          message: `${where} creates a script element and disguises what it loads (${disguised.join(', ')}).`,
          evidence,
        });
      } else if (foreign.length > 0) {
        const url = item.urls.find((u) => u.includes(foreign[0] ?? '\u0000'));
        reasons.push({
          code: 'script-loader-new-domain',
          severity: 'low',
          message: `${where} creates a script element and names ${foreign.slice(0, 2).join(', ')}, a domain this page never used.`,
          evidence: { ...evidence, ...(url ? { url } : {}) },
        });
      } else if (item.urls.length === 0 && f.has('script-src-set') && !f.has('names-script-file')) {
        // Analytics snippets write their address plainly; one that builds it, and looks at the visitor first, hides it.
        const looks = ['reads-cookie', 'reads-referrer', 'reads-user-agent', 'reads-time'].filter((x) => f.has(x));
        reasons.push({
          code: looks.length > 0 ? 'script-loader-computed-address-conditional' : 'script-loader-computed-address',
          severity: looks.length > 0 ? 'high' : 'medium',
          message: `${where} creates a script element whose address it builds at run time, written nowhere in its source${looks.length > 0 ? `, after looking at the visitor (${looks.join(', ')})` : ''}.`,
          evidence,
        });
      }
    }
    return reasons;
  },
};
