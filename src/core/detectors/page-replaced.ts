import type { Detector } from './types.ts';
import { snippet } from '../text.ts';

/**
 * The page was replaced: its stable skeleton and its known text are mostly gone at once.
 * A redesign changes the skeleton but keeps much text; a news day changes text but keeps the skeleton.
 */
export const pageReplaced: Detector = {
  id: 'page-replaced',
  detect({ model, baseline }) {
    if (!baseline || baseline.structure.length < 8 || baseline.blockHashes.length < 5) return [];
    const current = new Set(model.structure);
    const keptSkeleton = baseline.structure.filter((s) => current.has(s)).length / baseline.structure.length;
    const hashes = new Set(baseline.blockHashes);
    const shapes = new Set(baseline.blockShapes);
    const visible = model.textBlocks.filter((b) => !b.hidden);
    const knownText = visible.filter((b) => hashes.has(b.hash) || shapes.has(b.shapeHash)).length;
    const knownShare = visible.length === 0 ? 0 : knownText / visible.length;
    if (keptSkeleton >= 0.35 || knownShare >= 0.2) return [];
    return [
      {
        code: 'page-replaced', severity: 'high',
        message: `The page was replaced: ${Math.round((1 - keptSkeleton) * 100)}% of its usual structure and ${Math.round((1 - knownShare) * 100)}% of its text are gone or new.`,
        evidence: { snippet: snippet(model.title || (visible[0]?.text ?? ''), 160) },
      },
    ];
  },
};
