import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../stix/test-fixture.ts';
import { theHiveCase, theHiveObservables, type CaseContent } from './case.ts';
import {
  TheHiveAuthError,
  TheHiveClient,
  TheHiveNotConfiguredError,
  TheHiveRejectedError,
  TheHiveUnavailableError,
  type TheHiveSettings,
} from './client.ts';
import { startTheHiveReceiver, type TheHiveReceiver } from './test-thehive-receiver.ts';

const KEY = 'thehive-api-key-for-tests';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const MARKING = { tlp: 'amber', pap: 'green' } as const;

function content(): CaseContent {
  const f = fixture();
  return {
    incident: f.incidents[0]!,
    organisation: f.organisations[0]!,
    observations: [{ ...f.observations[0]!, bodySha256: 'b'.repeat(64), bodyBytes: 10 }],
    screenshots: [{ checkId: 101, label: 'desktop', sha256: 'c'.repeat(64), mediaType: 'image/png', data: PNG }],
  };
}

describe('TheHive case push against a loopback TheHive', () => {
  let hive: TheHiveReceiver;
  let clients: TheHiveClient[];
  const client = (over: Partial<TheHiveSettings> = {}) => {
    const c = new TheHiveClient(
      { url: hive.url, apiKey: KEY, organisation: 'cert-jp', timeoutMs: 10_000, retries: 2, ...over },
      { backoffMs: () => 1 },
    );
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    hive = await startTheHiveReceiver({ apiKey: KEY, organisation: 'cert-jp' });
    clients = [];
  });
  afterEach(async () => {
    for (const c of clients) await c.close();
    await hive.close();
  });

  it('creates a case in the documented shape, with the Bearer key and the organisation header', async () => {
    const created = await client().createCase(theHiveCase(content(), MARKING));
    expect(hive.problems).toEqual([]);
    expect(created).toEqual({ id: expect.stringMatching(/^~\d+$/) as string, number: 1 });
    expect(hive.requests).toEqual([
      { method: 'POST', path: '/api/v1/case', authorization: `Bearer ${KEY}`, organisation: 'cert-jp' },
    ]);
    expect(hive.cases[0]).toMatchObject({
      title: '[Mamori] Page defaced',
      severity: 3,
      tlp: 2,
      pap: 1,
      flag: false,
      tags: ['mamori', 'mamori:incident=11', 'mamori:kind=tampered', 'mamori:organisation=soumu'],
    });
    expect(String(hive.cases[0]!.description)).toContain('- URL: http://www.soumu.example.jp/news/');
  });

  it('adds every observable, IOCs only for injected origins, the screenshot as a file', async () => {
    const c = client();
    const created = await c.createCase(theHiveCase(content(), MARKING));
    for (const o of theHiveObservables(content(), MARKING)) await c.addObservable(created.id, o);
    expect(hive.problems).toEqual([]);
    expect(hive.observables.map((o) => [o.body.dataType, o.body.data ?? o.attachment?.filename, o.body.ioc])).toEqual([
      ['url', 'http://www.soumu.example.jp/news/', false],
      ['domain', 'casino-bonus.example.org', true],
      ['ip', '203.0.113.9', true],
      ['other', 'hacked by ghost team', false],
      ['domain', 'www.soumu.example.jp', false],
      ['ip', '198.51.100.4', false],
      ['hash', 'b'.repeat(64), false],
      ['file', 'check-101-desktop.png', false],
    ]);
    const file = hive.observables.at(-1)!;
    expect(file.attachment).toEqual({ filename: 'check-101-desktop.png', type: 'image/png', data: PNG });
    expect(hive.observables.every((o) => o.caseId === created.id && o.body.tlp === 2 && o.body.pap === 1)).toBe(true);
  });

  it('retries what may pass (503) and creates the case once', async () => {
    hive.failNext(2);
    await client({ retries: 2 }).createCase(theHiveCase(content(), MARKING));
    expect(hive.cases).toHaveLength(1);
    expect(hive.requests).toHaveLength(3);
  });

  it('gives up after its retries with a retryable TheHiveUnavailableError', async () => {
    hive.failNext(10);
    const error = await client({ retries: 1 })
      .createCase(theHiveCase(content(), MARKING))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TheHiveUnavailableError);
    expect(error).toMatchObject({ retryable: true, status: 503 });
    expect(hive.requests).toHaveLength(2);
  });

  it('does not retry a refused key: TheHiveAuthError says to fix it', async () => {
    const error = await client({ apiKey: 'wrong-key' })
      .createCase(theHiveCase(content(), MARKING))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TheHiveAuthError);
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(String((error as Error).message)).toContain('exports.thehive.apiKey');
    expect(hive.requests).toHaveLength(1);
  });

  it('reports a request TheHive refuses as TheHiveRejectedError (the receiver checks the shapes)', async () => {
    const bad = { ...theHiveCase(content(), MARKING), severity: 5 as 4 };
    const error = await client()
      .createCase(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TheHiveRejectedError);
    expect(hive.problems).toEqual(['case: severity has a value TheHive refuses: 5']);
    const unknownCase = await client()
      .addObservable('~1', theHiveObservables(content(), MARKING)[0]!)
      .catch((e: unknown) => e);
    expect(unknownCase).toMatchObject({ name: 'TheHiveRejectedError', status: 404 });
  });

  it('says when TheHive is not configured or not reachable', async () => {
    expect(() => new TheHiveClient({ url: '', apiKey: KEY, organisation: '', timeoutMs: 1000, retries: 0 })).toThrow(
      TheHiveNotConfiguredError,
    );
    expect(
      () => new TheHiveClient({ url: hive.url, apiKey: '', organisation: '', timeoutMs: 1000, retries: 0 }),
    ).toThrow(/apiKey is empty/);
    const url = hive.url;
    await hive.close();
    hive = await startTheHiveReceiver({ apiKey: KEY });
    const error = await client({ url, retries: 1 })
      .createCase(theHiveCase(content(), MARKING))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TheHiveUnavailableError);
    expect(String((error as Error).message)).toContain('did not answer');
  });
});
