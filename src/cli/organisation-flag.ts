/**
 * `--org <slug>` as the commands read it: an unknown slug is a usage error that names the slugs
 * there are (and the likely one), never an empty answer that looks like an empty estate.
 */
import { closestMatch } from '../config/suggest.ts';
import type { Organisation } from '../store/types.ts';

export type OrganisationLookup = { ok: true; organisation: Organisation } | { ok: false; message: string };

/** Pure: find `slug` among the organisations, or say why not. */
export function findOrganisation(slug: string, organisations: readonly Organisation[]): OrganisationLookup {
  const organisation = organisations.find((o) => o.slug === slug);
  if (organisation) return { ok: true, organisation };
  if (organisations.length === 0)
    return { ok: false, message: `no organisation "${slug}": the estate has no organisations yet` };
  const slugs = organisations.map((o) => o.slug);
  const near = closestMatch(slug, slugs);
  const listed =
    slugs.length <= 12
      ? `; there are: ${slugs.join(', ')}`
      : `; ${slugs.length} organisations (\`mamori status\` lists them)`;
  return { ok: false, message: `no organisation "${slug}"${near ? ` (did you mean "${near}"?)` : ''}${listed}` };
}
