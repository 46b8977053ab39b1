import { describe, expect, it } from 'vitest';
import { defacerGroup, familyOf, familySizes, normaliseGroup } from './families.ts';

describe('familyOf', () => {
  it('groups benign cases by page source and tampered ones by their material source', () => {
    expect(
      familyOf({ label: 'benign', kind: 'benign-noise', source: 'city-hall-site', notes: 'repo a/b, commits 1..2' }),
    ).toBe('benign:city-hall-site');
    expect(
      familyOf({
        label: 'tampered',
        kind: 'skimmer',
        source: 'city-hall-site+some-malware-repo',
        notes: 'inserted before </body>',
      }),
    ).toBe('some-malware-repo');
    expect(familyOf({ label: 'tampered', kind: 'redirect', source: 'lone-material', notes: '' })).toBe('lone-material');
  });

  it('splits defacements by the defacer group the notes name, in any of the ways notes name one', () => {
    const deface = (notes: string) =>
      familyOf({ label: 'tampered', kind: 'deface-full', source: 'site+mirror-archive', notes });
    expect(
      deface("The page was replaced by a real deface page, by the defacer 'Night Owls / @owls'. Material: x."),
    ).toBe('mirror-archive/night-owls');
    expect(deface('Real partial defacement from mirror (notified 2024-01-02 by Grey Kite Crew). history is ...')).toBe(
      'mirror-archive/grey-kite-crew',
    );
    expect(deface("replaced by a real defacement page (archive:path; <title> 'Hacked By ./Zer0Day & Friends')")).toBe(
      'mirror-archive/zer0day',
    );
    expect(deface("a block with the headline 'PwNeD bY Lone_Wolf' and 1 sentence")).toBe('mirror-archive/lone-wolf');
    expect(deface("the headline 'Welcome to my page' and no signature")).toBe('mirror-archive');
  });

  it('does not look for defacers outside defacement kinds', () => {
    expect(
      familyOf({ label: 'tampered', kind: 'hidden-links', source: 'site+spam-kit', notes: "text 'hacked by someone'" }),
    ).toBe('spam-kit');
  });
});

describe('defacer names', () => {
  it('normalises case, punctuation and co-signers so one group is one family', () => {
    expect(normaliseGroup('./KeyWorm')).toBe('keyworm');
    expect(normaliseGroup('KEYWORM')).toBe('keyworm');
    expect(normaliseGroup('Red-Fox x blue_cat')).toBe('red-fox');
    expect(normaliseGroup('Junin-Team I')).toBe('junin-team');
    expect(defacerGroup('no name here')).toBeNull();
  });

  it('counts family sizes, largest first', () => {
    expect(familySizes(['b', 'a', 'b', 'c', 'a', 'b'])).toEqual([
      ['b', 3],
      ['a', 2],
      ['c', 1],
    ]);
  });
});
