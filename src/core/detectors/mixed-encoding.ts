import type { Detector } from './types.ts';
import { newBlocks } from './novelty.ts';
import { snippet } from '../text.ts';

/** Share of undecodable characters above which a block is in another encoding than its page. */
const FOREIGN_SHARE = 0.1;

/**
 * New text that does not decode in the page's own charset: a block pasted in from elsewhere, such as
 * a spam kit's GBK link block inside a UTF-8 page. Injectors rarely re-encode what they insert.
 */
export const mixedEncoding: Detector = {
  id: 'mixed-encoding',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const foreign = newBlocks(model, baseline).find(
      (b) => b.text.length >= 20 && (b.text.match(/\uFFFD/g)?.length ?? 0) / b.text.length > FOREIGN_SHARE,
    );
    if (!foreign) return [];
    return [
      {
        code: 'mixed-encoding',
        severity: 'medium',
        message:
          'New text is in another character encoding than the rest of the page: a block pasted in without being re-encoded, as injection kits do.',
        evidence: { selector: foreign.path, snippet: snippet(foreign.text, 120) },
      },
    ];
  },
};
