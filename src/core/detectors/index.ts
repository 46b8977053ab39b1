import type { Detector } from './types.ts';
import { defacerSignature } from './defacement.ts';
import { hiddenContent } from './hidden-content.ts';
import { injectedScript } from './injected-script.ts';
import { activeContent } from './active-content.ts';
import { loader } from './loader.ts';
import { skimmer } from './skimmer.ts';
import { insertedBlock } from './inserted-block.ts';
import { mixedEncoding } from './mixed-encoding.ts';
import { newOrigins } from './new-origins.ts';
import { pageReplaced } from './page-replaced.ts';
import { postedContent } from './posted-content.ts';
import { redirect } from './redirect.ts';
import { scriptPlacement } from './script-placement.ts';

/** Every detector, in the order their reasons are listed. Adding one is adding it here. */
export const DETECTORS: readonly Detector[] = [
  pageReplaced,
  defacerSignature,
  postedContent,
  insertedBlock,
  hiddenContent,
  newOrigins,
  injectedScript,
  scriptPlacement,
  redirect,
  mixedEncoding,
  activeContent,
  skimmer,
  loader,
];

export type { Detector, DetectionInput } from './types.ts';
