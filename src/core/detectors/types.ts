import type { Baseline } from '../baseline.ts';
import type { PageModel } from '../page-model.ts';
import type { Reason } from '../verdict.ts';

export interface DetectionInput {
  model: PageModel;
  /** Null on a page's first observation: detectors that need a normal to compare with stay quiet. */
  baseline: Baseline | null;
}

/** A detector is a small pure function from a page and its normal to reasons. Registered in `index.ts`. */
export interface Detector {
  id: string;
  detect(input: DetectionInput): Reason[];
}
