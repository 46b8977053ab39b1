import { describe, expect, it } from 'vitest';
import type { Reason } from '../verdict.ts';
import { featuresOf, mergeFeatures, signaturesIn } from './features.ts';

const PAGE = 'https://www.city.example.lg.jp/news/';

describe('signaturesIn', () => {
  it('keeps the handle after the phrase, lower-cased, through leetspeak', () => {
    expect(signaturesIn('Hacked by Ghost Team')).toEqual(['hacked by ghost team']);
    expect(signaturesIn('H4ck3d by Ghost Team')).toEqual(['hacked by ghost team']);
  });

  it('stops the handle at punctuation', () => {
    expect(signaturesIn('Hacked by Ghost. Greetz to all')).toEqual(['hacked by ghost']);
  });

  it('finds nothing in ordinary text', () => {
    expect(signaturesIn('令和6年4月1日 民法の一部を改正する法律が施行されました')).toEqual([]);
  });
});

describe('featuresOf', () => {
  it('gathers signatures from defacer reasons and external hosts from evidence URLs', () => {
    const reasons: Reason[] = [
      {
        code: 'defacer-headline',
        message: 'headline',
        severity: 'high',
        evidence: { snippet: 'Hacked by Ghost Team' },
      },
      {
        code: 'new-external-image',
        message: 'image',
        severity: 'medium',
        evidence: { url: 'https://www.images.example.net/x.png' },
      },
      {
        code: 'hidden-external-link',
        message: 'link',
        severity: 'high',
        evidence: { url: 'https://casino.example.org/' },
      },
      {
        code: 'content-changed',
        message: 'own link',
        severity: 'info',
        evidence: { url: 'https://city.example.lg.jp/other' },
      },
    ];
    expect(featuresOf(reasons, PAGE)).toEqual({
      signatures: ['hacked by ghost team'],
      hosts: ['casino.example.org', 'images.example.net'],
      reasonCodes: ['defacer-headline', 'hidden-external-link', 'new-external-image'],
    });
  });

  it('ignores snippets of reasons that are not a defacer signature, and bad URLs', () => {
    const reasons: Reason[] = [
      {
        code: 'posted-block',
        message: 'block',
        severity: 'medium',
        evidence: { snippet: 'hacked by someone', url: 'not a url' },
      },
    ];
    expect(featuresOf(reasons, PAGE)).toEqual({ signatures: [], hosts: [], reasonCodes: ['posted-block'] });
  });
});

describe('mergeFeatures', () => {
  it('reports whether anything new was added', () => {
    const a = { signatures: ['x'], hosts: ['h'], reasonCodes: ['c'] };
    expect(mergeFeatures(a, { signatures: ['x'], hosts: [], reasonCodes: ['c'] })).toEqual({
      features: a,
      changed: false,
    });
    expect(mergeFeatures(a, { signatures: [], hosts: ['a'], reasonCodes: [] })).toEqual({
      features: { signatures: ['x'], hosts: ['a', 'h'], reasonCodes: ['c'] },
      changed: true,
    });
  });
});
