/**
 * The `vantage` section of the one config schema (imported by `config/schema.ts`): which vantage
 * points are expected to report on a page, and how many must agree before a `down` or `tampered`
 * verdict pages someone (src/core/vantage.ts).
 */
import { z } from 'zod';
import { CONFIRM_MODES } from '../core/vantage.ts';

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });
function intIn(min: number, max: number) {
  const e = { error: `must be a whole number from ${min} to ${max}` };
  return z.number(e).int(e).min(min, e).max(max, e);
}

export const vantageSchema = z
  .strictObject({
    name: nonEmpty
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be lower-case letters, digits and dashes' })
      .default('local')
      .describe('Name of the vantage this process checks from (the serve/worker host); probes name theirs.'),
    probes: z
      .array(nonEmpty.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'must be lower-case letters, digits and dashes' }))
      .default([])
      .describe(
        'Names of the remote vantages (`mamori probe`) expected to confirm alarms (empty: one vantage, alarms stand alone). Comma-separated in the environment.',
      ),
    confirm: z
      .enum(CONFIRM_MODES, { error: `must be one of ${CONFIRM_MODES.join(', ')}` })
      .default('any')
      .describe(
        'How many vantages must agree before a down or tampered verdict pages: any (one other) or majority (more than half of all).',
      ),
    confirmWithinSeconds: intIn(5, 86_400)
      .default(300)
      .describe(
        'Seconds an alarm waits for the other vantages; past that it pages unconfirmed (a probe that is down must not silence alarms).',
      ),
    leaseSeconds: intIn(5, 3_600)
      .default(60)
      .describe(
        'Seconds a probe holds a leased job; a lease that lapses returns the job to the pool for another probe.',
      ),
    probeToken: z
      .string()
      .default('')
      .describe(
        'API token (probe scope) that `mamori probe` sends to the server; its name is the vantage it may lease for.',
      ),
  })
  .prefault({});
