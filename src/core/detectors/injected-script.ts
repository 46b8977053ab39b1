import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';

/** Features that, found in a script the page never had, point to injected code. */
const OBFUSCATION = new Set(['eval', 'unescape', 'from-char-code', 'atob', 'escaped-payload', 'opaque-string']);
const DROPPERS = new Set(['writes-iframe', 'writes-script', 'document-write']);

/** New inline scripts that are obfuscated, drop frames or scripts, or mine coins. */
export const injectedScript: Detector = {
  id: 'injected-script',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const known = new Set(baseline.inlineScriptShapes);
    const reasons: Reason[] = [];
    for (const s of model.scripts) {
      if (s.src !== null || !s.inlineShapeHash || known.has(s.inlineShapeHash)) continue;
      const obf = s.features.filter((f) => OBFUSCATION.has(f));
      const drops = s.features.filter((f) => DROPPERS.has(f));
      const miner = s.features.includes('miner');
      if (!miner && obf.length === 0) continue;
      const strong = miner || obf.length >= 2 || (obf.length >= 1 && drops.length >= 1);
      reasons.push({
        code: miner ? 'coin-miner' : 'obfuscated-script',
        severity: strong ? 'high' : 'medium',
        message: miner
          ? 'A new inline script starts a cryptocurrency miner in visitors’ browsers.'
          : `A new inline script hides what it does (${[...obf, ...drops].join(', ')}).`,
        evidence: { selector: s.path, snippet: s.snippet },
      });
    }
    return reasons;
  },
};
