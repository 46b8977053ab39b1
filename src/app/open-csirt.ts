/** The CSIRT exports (MISP, TheHive) over a runtime's stores: one wiring for `serve` and the CLI. */
import { CsirtExports, exportsSettings } from '../interop/csirt.ts';
import type { Runtime } from './runtime.ts';

export function openCsirtExports(runtime: Pick<Runtime, 'store' | 'incidents' | 'intel' | 'evidence' | 'config'>) {
  return new CsirtExports({
    store: runtime.store,
    incidents: runtime.incidents.store,
    intel: runtime.intel.stix,
    evidence: runtime.evidence,
    settings: exportsSettings(runtime.config.exports),
  });
}
