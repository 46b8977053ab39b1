import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { scriptSignature, DISGUISE_FEATURES } from '../script-features.ts';
import { baselineSet } from './baseline-sets.ts';

const OBFUSCATION = DISGUISE_FEATURES;
/** What injected code goes on to do: write frames or scripts into the page. */
const DROPPERS = new Set(['writes-iframe', 'writes-script', 'document-write']);
/** Looking at the visitor first, so that site owners and scanners get a clean page. */
const FINGERPRINTS = new Set(['reads-user-agent', 'reads-referrer', 'reads-cookie']);

/**
 * New inline scripts that disguise themselves, drop invisible frames or markup, or mine coins.
 * A script with the same place and behaviours as one the page already had (framework state,
 * analytics snippets with fresh ids) is not new in any way that matters.
 */
export const injectedScript: Detector = {
  id: 'injected-script',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const known = baselineSet(baseline, 'inlineScriptShapes');
    const signatures = new Set(baseline.scriptSignatures);
    const reasons: Reason[] = [];
    for (const s of model.scripts) {
      if (s.src !== null || !s.inlineShapeHash || known.has(s.inlineShapeHash) || signatures.has(scriptSignature(s)))
        continue;
      const reason = judgeScript(s.features);
      if (reason) reasons.push({ ...reason, evidence: { selector: s.path, snippet: s.snippet } });
    }
    return reasons;
  },
};

function judgeScript(features: string[]): Omit<Reason, 'evidence'> | null {
  const obf = features.filter((f) => OBFUSCATION.has(f));
  const drops = features.filter((f) => DROPPERS.has(f));
  const looks = features.filter((f) => FINGERPRINTS.has(f));
  if (features.includes('miner') || features.includes('mines')) {
    return {
      code: 'coin-miner',
      severity: 'high',
      message: 'A new inline script starts a cryptocurrency miner in visitors’ browsers.',
    };
  }
  // A hidden frame with no address is a message locator (consent-manager stubs), not a drive-by.
  const addressless = drops.length === 1 && drops[0] === 'writes-iframe' && !features.includes('frame-address');
  if (drops.length > 0 && features.includes('hidden-markup') && addressless) {
    return {
      code: 'script-writes-blank-hidden-frame',
      severity: 'info',
      message:
        'A new inline script adds a hidden frame that loads no address (how consent and messaging stubs talk across frames).',
    };
  }
  if (drops.length > 0 && features.includes('hidden-markup')) {
    return {
      code: 'script-writes-hidden-content',
      severity: 'high',
      message: `A new inline script writes invisible markup into the page (${[...drops, 'hidden-markup'].join(', ')}): how hidden frames and spam links are planted.`,
    };
  }
  if (obf.length === 0) {
    return features.includes('writes-iframe')
      ? {
          code: 'script-writes-frame',
          severity: 'medium',
          message: 'A new inline script writes a frame into the page.',
        }
      : null;
  }
  // One disguise with a dropper is also how old sites hide e-mail addresses from harvesters;
  // two disguises, or a disguise that first looks at the visitor, is not.
  const strong = obf.length >= 2 || looks.length > 0;
  return {
    code: 'obfuscated-script',
    severity: strong ? 'high' : 'medium',
    message: `A new inline script hides what it does (${[...obf, ...drops, ...looks].join(', ')}).`,
  };
}
