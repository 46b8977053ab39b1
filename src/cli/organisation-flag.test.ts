import { describe, expect, it } from 'vitest';
import { findOrganisation } from './organisation-flag.ts';
import type { Organisation } from '../store/types.ts';

const org = (id: number, slug: string): Organisation => ({ id, slug, name: slug, aliases: [], createdAt: 0 });

describe('findOrganisation', () => {
  const orgs = [org(1, 'moj'), org(2, 'soumu'), org(3, 'courts')];

  it('finds an organisation by its slug', () => {
    const found = findOrganisation('soumu', orgs);
    expect(found.ok && found.organisation.id).toBe(2);
  });

  it('names the likely slug and the ones there are when the slug is a typo', () => {
    const found = findOrganisation('soumo', orgs);
    expect(found.ok).toBe(false);
    if (!found.ok)
      expect(found.message).toBe('no organisation "soumo" (did you mean "soumu"?); there are: moj, soumu, courts');
  });

  it('says the estate has none rather than listing nothing', () => {
    const found = findOrganisation('moj', []);
    expect(!found.ok && found.message).toMatch(/has no organisations yet/);
  });
});
