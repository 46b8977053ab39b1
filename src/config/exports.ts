/**
 * The `exports` section of the one config schema (imported by `config/schema.ts`): how MISP events are
 * labelled, and where TheHive cases are pushed. Scalars only, so each key has its environment variable
 * (the TheHive API key belongs in `MAMORI_EXPORTS_THEHIVE_API_KEY`, not in the file).
 */
import { z } from 'zod';

const error = (text: string) => ({ error: text });
function intIn(min: number, max: number) {
  const e = error(`must be a whole number from ${min} to ${max}`);
  return z.number(e).int(e).min(min, e).max(max, e);
}

export const EXPORT_TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;

const httpUrlOrEmpty = z
  .string()
  .refine(
    (v) => v === '' || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)),
    error('must be an http:// or https:// URL (or empty to turn the TheHive push off)'),
  );

export const exportsSchema = z
  .strictObject({
    tlp: z
      .enum(EXPORT_TLP_LEVELS, error(`must be one of ${EXPORT_TLP_LEVELS.join(', ')}`))
      .default('amber')
      .describe('TLP of exported MISP events (a tlp: tag) and TheHive cases and observables.'),
    pap: z
      .enum(['clear', 'green', 'amber', 'red'], error('must be one of clear, green, amber, red'))
      .default('amber')
      .describe('PAP of TheHive cases and observables: what the recipient may do with them.'),
    misp: z
      .strictObject({
        orgName: z
          .string()
          .trim()
          .min(1, error('must not be empty'))
          .default('Mamori')
          .describe('The creating organisation (Orgc) of exported MISP events: the CSIRT running Mamori.'),
        distribution: intIn(0, 3)
          .default(0)
          .describe(
            'Distribution of exported MISP events: 0 your organisation only, 1 this community, 2 connected communities, 3 all.',
          ),
      })
      .prefault({}),
    thehive: z
      .strictObject({
        url: httpUrlOrEmpty
          .default('')
          .describe('TheHive 5 base URL (e.g. https://thehive.example:9000); empty turns the case push off.'),
        apiKey: z
          .string()
          .default('')
          .describe('TheHive API key, sent as a Bearer token; set it through the environment, not the file.'),
        organisation: z
          .string()
          .default('')
          .describe('TheHive organisation to create cases in (the X-Organisation header); empty: the key’s default.'),
        timeoutMs: intIn(1000, 300_000).default(15_000).describe('Timeout of one TheHive request, in milliseconds.'),
        retries: intIn(0, 10)
          .default(2)
          .describe('Retries of a TheHive request that failed for a reason that may pass (5xx, 408, 429, network).'),
      })
      .prefault({}),
  })
  .prefault({});

export type ExportsConfig = z.output<typeof exportsSchema>;
