import { describe, expect, it } from 'vitest';
import type { Reason } from '../verdict.ts';
import { consoleStatus } from '../console-status.ts';
import { OUTCOME_CLASSES } from '../outcome.ts';
import { fingerprintOf, leadReason, severityOf, signalOf, worseKind } from './signal.ts';

const r = (code: string, severity: Reason['severity']): Reason => ({ code, message: `${code} seen`, severity });

describe('signalOf', () => {
  it('treats unchanged and changed as the page at its baseline', () => {
    expect(signalOf('unchanged', 'ok')).toEqual({ kind: 'healthy' });
    expect(signalOf('changed', 'ok')).toEqual({ kind: 'healthy' });
  });

  it('tells an outage from a page that answers badly', () => {
    expect(signalOf('down', 'http-5xx')).toEqual({ kind: 'down' });
    expect(signalOf('down', 'connect')).toEqual({ kind: 'down' });
    expect(signalOf('down', 'too-large')).toEqual({ kind: 'degraded' });
  });

  it('says of every outcome what the console and the CLI say (one mapping)', () => {
    for (const outcome of OUTCOME_CLASSES) {
      const state = consoleStatus('down', outcome);
      const signal = signalOf('down', outcome);
      if (state === 'unknown') expect(signal, outcome).toBeNull();
      else expect(signal, outcome).toEqual({ kind: state === 'degraded' ? 'degraded' : 'down' });
    }
    expect(signalOf('down', 'http-4xx')).toEqual({ kind: 'degraded' });
    expect(signalOf('down', 'timeout')).toEqual({ kind: 'down' });
  });

  it("opens nothing for a target Mamori's own network policy refused: nothing is known of it", () => {
    expect(signalOf('down', 'blocked')).toBeNull();
  });

  it('passes content verdicts through and ignores what it does not know', () => {
    expect(signalOf('tampered', 'ok')).toEqual({ kind: 'tampered' });
    expect(signalOf('suspicious', 'ok')).toEqual({ kind: 'suspicious' });
    expect(signalOf('pending', 'ok')).toBeNull();
    expect(signalOf('something-new', 'ok')).toBeNull();
  });
});

describe('severity, kind and fingerprint', () => {
  it('ranks tampering above an outage above a doubt', () => {
    expect(severityOf('tampered')).toBe('critical');
    expect(severityOf('down')).toBe('high');
    expect(severityOf('suspicious')).toBe('medium');
    expect(worseKind('down', 'tampered')).toBe('tampered');
    expect(worseKind('tampered', 'down')).toBe('tampered');
    expect(worseKind('degraded', 'suspicious')).toBe('suspicious');
  });

  it('fingerprints a finding by kind and its non-info codes, in any order', () => {
    const a = fingerprintOf('tampered', [
      r('hidden-external-link', 'high'),
      r('defacer-headline', 'high'),
      r('baseline-learning', 'info'),
    ]);
    const b = fingerprintOf('tampered', [
      r('defacer-headline', 'high'),
      r('hidden-external-link', 'high'),
      r('defacer-headline', 'high'),
    ]);
    expect(a).toBe('tampered:defacer-headline,hidden-external-link');
    expect(b).toBe(a);
    expect(fingerprintOf('suspicious', [r('defacer-headline', 'high')])).not.toBe(
      fingerprintOf('tampered', [r('defacer-headline', 'high')]),
    );
  });

  it('leads with the most severe reason', () => {
    expect(leadReason([r('a', 'low'), r('b', 'high'), r('c', 'high')])?.code).toBe('b');
    expect(leadReason([])).toBeNull();
  });
});
