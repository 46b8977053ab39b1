import { describe, expect, it } from 'vitest';
import { assessAnnouncement, type WatchedOrganisation } from './matcher.ts';

const ESTATE: WatchedOrganisation[] = [
  { id: 1, name: '法務省', aliases: ['Ministry of Justice', 'MOJ'], sectors: ['government'], hosts: ['moj.go.jp'] },
  {
    id: 2,
    name: '総務省',
    aliases: ['Ministry of Internal Affairs and Communications'],
    sectors: ['government'],
    hosts: ['soumu.go.jp'],
  },
  { id: 3, name: '裁判所', aliases: ['Courts in Japan'], sectors: ['judiciary'], hosts: ['courts.go.jp'] },
  {
    id: 4,
    name: '日本レコード協会',
    aliases: ['RIAJ', 'Recording Industry Association of Japan'],
    sectors: ['recording-industry'],
    hosts: ['riaj.or.jp'],
  },
];
const VOCAB = { keywords: ['#OpKokkai', '著作権法改正'], sectors: {} };

const assess = (title: string, text = '') => assessAnnouncement({ title, text }, ESTATE, VOCAB);

describe('assessAnnouncement', () => {
  it('names the government by sector and an industry body by alias, with attack language', () => {
    const a = assess(
      'Operation announcement',
      'We will attack the Japanese government and the RIAJ over the new copyright law.',
    );
    expect(a.isThreat).toBe(true);
    expect(a.targets.map((t) => [t.organisationId, t.by]).sort()).toEqual([
      [1, 'sector'],
      [2, 'sector'],
      [4, 'alias'],
    ]);
    expect(a.attackTerms).toContain('attack');
    expect(a.reasons.join(' | ')).toContain('names 日本レコード協会 by its alias: “RIAJ”');
  });

  it('finds Japanese names inside running text, without spaces', () => {
    const a = assess('声明', '我々は法務省と裁判所のサイトを攻撃する。');
    expect(a.targets.map((t) => t.organisationId).sort()).toEqual([1, 3]);
    expect(a.targets.find((t) => t.organisationId === 1)?.by).toBe('name');
  });

  it('folds full-width Latin text and hashtags (NFKC)', () => {
    const a = assess('ＲＩＡＪ　＃ＯｐＫｏｋｋａｉ');
    expect(a.targets.map((t) => t.organisationId)).toEqual([4]);
    expect(a.keywords).toContain('#opkokkai');
  });

  it('does not find an English alias inside a longer word', () => {
    const a = assess('mojo attack on the web');
    expect(a.targets).toEqual([]);
  });

  it('matches a domain and its sub-domains, but not a look-alike', () => {
    expect(assess('tango down: houmukyoku.moj.go.jp').targets).toEqual([
      { organisationId: 1, by: 'domain', term: 'houmukyoku.moj.go.jp' },
    ]);
    expect(assess('tango down: notmoj.go.jp').targets).toEqual([]);
  });

  it('a target without intent is news, not a threat', () => {
    const a = assess('法務省が新しい白書を公表', '法務省は本日、白書を公表した。');
    expect(a.isThreat).toBe(false);
    expect(a.reasons.at(-1)).toMatch(/no intent/);
  });

  it('a watched keyword alone opens a threat without targets; an unknown operation hashtag counts as intent', () => {
    expect(assess('著作権法改正に抗議する').isThreat).toBe(true);
    expect(assess('著作権法改正に抗議する').targets).toEqual([]);
    const a = assess('#OpSakura 総務省');
    expect(a.isThreat).toBe(true);
    expect(a.keywords).toEqual(['#opsakura']);
  });

  it('configured sector words add to the built-in ones', () => {
    const a = assessAnnouncementWith({ sectors: { judiciary: ['最高裁'] } }, '最高裁を攻撃');
    expect(a.targets.map((t) => t.organisationId)).toEqual([3]);
  });
});

function assessAnnouncementWith(vocab: { sectors: Record<string, string[]> }, text: string) {
  return assessAnnouncement({ title: text, text: '' }, ESTATE, { keywords: [], ...vocab });
}

describe('term boundaries', () => {
  it('an alias at the end of a sentence still counts', () => {
    expect(assess('We will hack the MOJ.').targets.map((t) => t.by)).toEqual(['alias']);
  });
});
