import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatTime, safeTimeZone, seenRunText } from './format.ts';
import { translator } from './i18n/translate.ts';

const AT = Date.UTC(2026, 11, 2, 15, 4, 5); // 2026-12-02 15:04:05 UTC

describe('times in the person’s time zone', () => {
  it('shows the same instant as Tokyo and London see it', () => {
    expect(formatTime(AT, 'ja', 'Asia/Tokyo')).toBe('00:04:05');
    expect(formatTime(AT, 'en', 'Europe/London')).toBe('15:04:05');
    expect(formatDateTime(AT, 'ja', 'Asia/Tokyo')).toContain('2026/12/03');
    expect(formatDateTime(AT, 'en', 'UTC')).toContain('02/12/2026');
  });

  it('falls back to UTC for a zone Intl does not know', () => {
    expect(safeTimeZone('Mars/Olympus')).toBe('UTC');
    expect(safeTimeZone(undefined)).toBe('UTC');
    expect(safeTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});

describe('formatDuration', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatDuration(120)).toBe('120 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(72 * 3600_000)).toBe('3 d');
  });
});

describe('a record that stands for a run of identical checks', () => {
  it('says how many checks and until when, in both languages', () => {
    const run = { seenCount: 1234, lastSeenAt: AT };
    expect(seenRunText(run, translator('en'), 'en', 'UTC')).toBe(
      `seen 1,234 times until ${formatDateTime(AT, 'en', 'UTC')}`,
    );
    const ja = seenRunText(run, translator('ja'), 'ja', 'Asia/Tokyo');
    expect(ja).toContain('1,234');
    expect(ja).toContain(formatDateTime(AT, 'ja', 'Asia/Tokyo'));
  });

  it('says nothing for a record of one check', () => {
    expect(seenRunText({ seenCount: 1, lastSeenAt: null }, translator('en'), 'en', 'UTC')).toBeNull();
  });
});
