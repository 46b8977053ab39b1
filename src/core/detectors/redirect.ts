import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { DISGUISE_FEATURES } from '../script-features.ts';
import { hostOf, isExternalHost } from '../url.ts';
import { baselineSet } from './baseline-sets.ts';

const DISGUISES = DISGUISE_FEATURES;
/** What a cloaked redirect looks at to pick its victims, in words for the message. */
const CONDITIONS: [feature: string, words: string][] = [
  ['reads-referrer', 'where they came from (referrer)'],
  ['reads-user-agent', 'their browser (user agent)'],
  ['reads-cookie', 'their cookies'],
  ['reads-time', 'the time of day'],
  ['reads-language', 'their language or platform'],
];

/** Visitors sent elsewhere: an off-site meta refresh, or new script that navigates off-site or by referrer/UA. */
export const redirect: Detector = {
  id: 'redirect',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const reasons: Reason[] = [];
    const pageHost = hostOf(model.url);
    const refresh = model.metaRefresh;
    if (refresh?.url && refresh.external && !baseline.redirectHosts.includes(hostOf(refresh.url) ?? '')) {
      reasons.push({
        code: 'offsite-meta-refresh',
        severity: 'high',
        message: `The page now sends visitors to ${hostOf(refresh.url) ?? refresh.url} after ${refresh.delaySeconds} s (meta refresh).`,
        evidence: { selector: refresh.path, url: refresh.url },
      });
    }
    // Rendered view: the browser saw the page try to leave for another site once it had loaded.
    for (const target of model.offsiteNavigations ?? []) {
      const host = hostOf(target);
      if (host && baseline.redirectHosts.includes(host)) continue;
      reasons.push({
        code: 'rendered-redirect',
        severity: 'high',
        message: `In a real browser the page sends visitors to ${host ?? target} once it has loaded (script or refresh redirect).`,
        evidence: { url: target },
      });
      break;
    }
    const known = baselineSet(baseline, 'inlineScriptShapes');
    for (const s of model.scripts) {
      if (s.src !== null || !s.inlineShapeHash || known.has(s.inlineShapeHash) || !s.features.includes('navigates'))
        continue;
      const offsite = s.urls.find((u) => isExternalHost(hostOf(u), pageHost));
      const byReferrer = s.features.includes('reads-referrer');
      const condition = CONDITIONS.find(([feature]) => s.features.includes(feature));
      const conditional = condition !== undefined;
      // Sending visitors who arrive from a search engine elsewhere is cloaking wherever it goes. A
      // user-agent switch to the site's own smartphone pages is ordinary, unless it hides its target.
      const disguised = s.features.some((f) => DISGUISES.has(f));
      if (!offsite && !byReferrer && !(conditional && disguised)) continue;
      reasons.push({
        code: conditional ? 'conditional-redirect' : 'script-redirect',
        severity: 'high',
        message: conditional
          ? `A new script redirects visitors depending on ${condition[1]}: cloaked redirects hide from site owners.`
          : `A new script sends visitors to ${hostOf(offsite ?? '') ?? offsite}.`,
        evidence: { selector: s.path, snippet: s.snippet, ...(offsite ? { url: offsite } : {}) },
      });
    }
    return reasons;
  },
};
