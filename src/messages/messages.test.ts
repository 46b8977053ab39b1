import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INCIDENT_EVENT_TYPES, INCIDENT_KINDS, INCIDENT_SEVERITIES, INCIDENT_STATES } from '../core/incidents/index.ts';
import { describeKind } from '../core/incidents/signal.ts';
import {
  EVENT_TEXT,
  KIND_TEXT,
  NOTIFICATION_TEXT,
  REASON_TEXT,
  SEVERITY_TEXT,
  STATE_TEXT,
  TITLE_TEXT,
  incidentTitle,
  reasonText,
  type Bilingual,
} from './index.ts';
import { coreReasonCodes } from './test-reason-codes.ts';

const core = coreReasonCodes(fileURLToPath(new URL('../core', import.meta.url)));
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Every bilingual text of the catalogue, named. */
function allTexts(): [string, Bilingual][] {
  return [
    ...Object.entries(REASON_TEXT).map(([k, v]) => [`reason ${k}`, v] as [string, Bilingual]),
    ...Object.entries(SEVERITY_TEXT).map(([k, v]) => [`severity ${k}`, v] as [string, Bilingual]),
    ...Object.entries(STATE_TEXT).map(([k, v]) => [`state ${k}`, v] as [string, Bilingual]),
    ...Object.entries(KIND_TEXT).map(([k, v]) => [`kind ${k}`, v] as [string, Bilingual]),
    ...Object.entries(TITLE_TEXT).map(([k, v]) => [`title ${k}`, v] as [string, Bilingual]),
    ...Object.entries(EVENT_TEXT).flatMap(([k, v]) => [
      [`event ${k} word`, v.word] as [string, Bilingual],
      [`event ${k} sentence`, v.sentence] as [string, Bilingual],
    ]),
    ...Object.entries(NOTIFICATION_TEXT).map(([k, v]) => [`notification ${k}`, v] as [string, Bilingual]),
  ];
}

describe('the reason catalogue', () => {
  it('reads every reason code src/core can emit from its source', () => {
    expect(core.unresolved).toEqual([]);
    // The reader must find the detectors' codes at all (a broken reader would pass everything below).
    expect(core.codes).toContain('hidden-external-link');
    expect(core.codes).toContain('http-5xx');
    expect(core.codes).toContain('active-iframe-added');
    // The site watches' codes, from the typed list their findings are made with.
    expect(core.codes).toContain('dns-ns-changed');
    expect(core.codes).toContain('header-weakened-content-security-policy');
    expect(core.codes).toContain('domain-expires-within-{days}');
  });

  it('has Japanese and English text for every code the core emits', () => {
    const missing = [...core.codes].filter((code) => {
      const text = REASON_TEXT[code];
      return !text || !JAPANESE.test(text.ja) || text.en.trim() === '';
    });
    expect(missing, 'reason codes without Japanese text in src/messages/reasons.ts').toEqual([]);
  });

  it('has no entries for codes the core no longer emits', () => {
    expect(Object.keys(REASON_TEXT).filter((code) => !core.codes.has(code))).toEqual([]);
  });

  it('uses the same parameters in both languages', () => {
    const differing = allTexts()
      .filter(([, t]) => placeholders(t.en).join() !== placeholders(t.ja).join())
      .map(([name]) => name);
    expect(differing).toEqual([]);
  });

  it('reads an expiry code at any threshold the config chooses, the days filled in', () => {
    const reason = { code: 'tls-certificate-expires-within-21', severity: 'high', message: 'The certificate …' };
    expect(reasonText(reason, 'ja')).toBe('サーバー証明書の有効期限まで 21 日を切りました。');
    expect(reasonText({ ...reason, code: 'domain-expires-within-7' }, 'en')).toBe(
      'The domain registration expires within 7 days.',
    );
    // Only a family the catalogue keys with {days}: another code ending in a number is not guessed.
    expect(reasonText({ ...reason, code: 'dns-ns-changed-2' }, 'ja')).toBe('The certificate …');
  });

  it('keeps the detector’s sentence for a code it does not know', () => {
    const unknown = { code: 'not-a-code', severity: 'low', message: 'Something new.' };
    expect(reasonText(unknown, 'ja')).toBe('Something new.');
    expect(reasonText({ ...unknown, code: 'hidden-external-link' }, 'ja')).toBe(
      REASON_TEXT['hidden-external-link']!.ja,
    );
  });
});

describe('the incident words', () => {
  it('covers every severity, state, kind and event type of the incident model in Japanese', () => {
    const missing = [
      ...INCIDENT_SEVERITIES.filter((s) => !JAPANESE.test(SEVERITY_TEXT[s]?.ja ?? '')),
      ...['info', 'low', 'medium', 'high'].filter((s) => !JAPANESE.test(SEVERITY_TEXT[s]?.ja ?? '')),
      ...INCIDENT_STATES.filter((s) => !JAPANESE.test(STATE_TEXT[s]?.ja ?? '')),
      ...INCIDENT_KINDS.filter((k) => !JAPANESE.test(KIND_TEXT[k]?.ja ?? '')),
      ...INCIDENT_EVENT_TYPES.filter((e) => !JAPANESE.test(EVENT_TEXT[e]?.sentence.ja ?? '')),
    ];
    expect(missing).toEqual([]);
  });

  it('reads the titles the core writes and words them in Japanese', () => {
    for (const kind of INCIDENT_KINDS) {
      // The English kind words are the core's own, so stored titles can be read back.
      expect(KIND_TEXT[kind]!.en).toBe(describeKind(kind));
      const page = incidentTitle(`https://city.example/news is ${describeKind(kind)}`, 'ja');
      expect(page).toBe(`https://city.example/news で${KIND_TEXT[kind]!.ja}を検知`);
      expect(incidentTitle(`Example City: ${describeKind(kind)}`, 'ja')).toBe(
        `Example City: ${KIND_TEXT[kind]!.ja}を検知`,
      );
      expect(incidentTitle(`Example City: ${describeKind(kind)}`, 'en')).toBe(`Example City: ${describeKind(kind)}`);
    }
    expect(incidentTitle('Campaign: hacked by someone', 'ja')).toBe('Campaign: hacked by someone');
  });
});
