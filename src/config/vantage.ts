/**
 * The `vantage` section of the one config schema (imported by `config/schema.ts`): which vantage
 * points are expected to report on a page, and how many must agree before a `down` or `tampered`
 * verdict pages someone (src/core/vantage.ts).
 */
import { z } from 'zod';
import { CONFIRM_MODES } from '../core/vantage.ts';

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

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
  })
  .prefault({});
