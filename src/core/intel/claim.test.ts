import { describe, expect, it } from 'vitest';
import { judgeClaim, parseClaim, type ClaimObservation } from './claim.ts';

const obs = (verdict: ClaimObservation['verdict'], over: Partial<ClaimObservation> = {}): ClaimObservation => ({
  pageId: 1,
  url: 'https://www.moj.go.jp/',
  checkId: 10,
  verdict,
  learnt: true,
  reason: null,
  ...over,
});

describe('parseClaim', () => {
  it('reads the assertion in English and Japanese, and the URLs and hosts named', () => {
    expect(parseClaim('https://www.courts.go.jp/news/ hacked by X')).toEqual({
      asserts: 'defaced',
      urls: ['https://www.courts.go.jp/news/'],
      hosts: ['courts.go.jp'],
    });
    expect(parseClaim('総務省のサイトがダウンした').asserts).toBe('down');
    expect(parseClaim('soumu.go.jp tango down').asserts).toBe('down');
    expect(parseClaim('法務省のページを改ざんした').asserts).toBe('defaced');
    expect(parseClaim('we visited moj.go.jp').asserts).toBe('unspecified');
  });
});

describe('judgeClaim', () => {
  it('confirms a defacement claim with a tampered check, naming the open incident', () => {
    const j = judgeClaim(
      'defaced',
      [obs('tampered', { reason: 'posted English message' })],
      [{ id: 7, kind: 'tampered', pageId: 1 }],
    );
    expect(j).toMatchObject({ status: 'confirmed', incidentId: 7 });
    expect(j.summary).toContain('posted English message');
  });

  it('refutes a defacement claim when every page is up and matches its baseline', () => {
    const j = judgeClaim('defaced', [obs('unchanged'), obs('changed', { url: 'https://www.moj.go.jp/news/' })], []);
    expect(j.status).toBe('refuted');
    expect(j.summary).toContain('2 pages checked');
  });

  it('a down claim is confirmed by a down page, and a defacement claim about a down page is unverifiable', () => {
    expect(judgeClaim('down', [obs('down')], []).status).toBe('confirmed');
    expect(judgeClaim('defaced', [obs('down')], []).status).toBe('unverifiable');
    expect(judgeClaim('down', [obs('unchanged')], []).status).toBe('refuted');
  });

  it('is unverifiable for unknown targets, suspicious pages and pages without a baseline', () => {
    expect(judgeClaim('defaced', [], []).status).toBe('unverifiable');
    expect(judgeClaim('defaced', [obs('suspicious')], []).summary).toMatch(/analyst/);
    expect(judgeClaim('defaced', [obs('changed', { learnt: false })], []).status).toBe('unverifiable');
  });

  it('a defacement claim is not confirmed by a down incident', () => {
    expect(judgeClaim('defaced', [obs('unchanged')], [{ id: 3, kind: 'down', pageId: 1 }]).status).toBe('refuted');
    expect(judgeClaim('unspecified', [obs('unchanged')], [{ id: 3, kind: 'down', pageId: 1 }]).status).toBe(
      'confirmed',
    );
  });
});
