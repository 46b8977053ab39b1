/**
 * Render artefacts (screenshots, DOMs, diff images) are content-addressed and a page's render state
 * names only its latest ones, so each render leaves the previous ones behind. The sweep deletes what
 * no render state names any more. It reads the names first and skips files touched within the grace
 * period, so an artefact written by a render whose state is not stored yet is never taken.
 */

export interface ArtefactFiles {
  ids(): AsyncIterable<string>;
  deleteIfIdle(sha256: string, idleMs: number, now: number): Promise<boolean>;
}

export interface ArtefactNames {
  referencedArtefacts(): Promise<Set<string>>;
}

export interface SweepResult {
  kept: number;
  deleted: number;
}

/** An hour: far longer than any render takes from writing its files to storing its state. */
export const ARTEFACT_GRACE_MS = 60 * 60 * 1000;

export async function sweepRenderArtefacts(
  states: ArtefactNames,
  files: ArtefactFiles,
  now: number,
  graceMs = ARTEFACT_GRACE_MS,
): Promise<SweepResult> {
  const named = await states.referencedArtefacts();
  let kept = 0;
  let deleted = 0;
  for await (const sha of files.ids()) {
    if (!named.has(sha) && (await files.deleteIfIdle(sha, graceMs, now))) deleted += 1;
    else kept += 1;
  }
  return { kept, deleted };
}
