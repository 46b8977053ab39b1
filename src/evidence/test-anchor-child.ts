/**
 * A process appending tail anchors in concurrent waves until it is killed, printing each anchor's seq
 * once its append resolved (acknowledged): the tail-anchor test kills it mid-group and checks that
 * every acknowledged anchor is in the log. argv: <anchor dir>. Test support only.
 */
import { AnchorLog } from './tail-anchor.ts';

const log = new AnchorLog(process.argv[2]!);
const WAVE = 16;
for (let seq = 1; ; seq += WAVE) {
  await Promise.all(
    Array.from({ length: WAVE }, async (_, i) => {
      const n = seq + i;
      await log.append({ v: 1, seq: n, entryHash: 'a'.repeat(64), count: n, at: n });
      process.stdout.write(`${n}\n`);
    }),
  );
}
