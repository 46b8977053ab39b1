import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fieldsSha256, linkHash } from './chain.ts';
import { exportEvidence, safeName, type ExportDeps } from './export.ts';
import { formatExportReport, mdText } from './export-report.ts';
import { forEachStore, T0, type Rig } from './test-rig.ts';
import { readWarc, WARCIO_CLI } from './test-warc.ts';
import type { IncidentScope, LedgerEntry } from './types.ts';
import { verifyEvidence } from './verify.ts';

const run = promisify(execFile);
const WINDOW = { from: T0 - 1000, to: T0 + 3_600_000 };

async function defaceAndInterleave(rig: Rig): Promise<void> {
  rig.clock.set(T0);
  await rig.checks.checkPage(rig.page.id);
  // Another case's capture in the middle of the chain: the bundle must show only its hashes.
  await rig.ledger.append({
    kind: 'capture',
    recordedAt: T0 + 1,
    pageId: 999,
    checkId: 1,
    url: 'https://other.example.go.jp/secret-case/',
    observedAt: T0 + 1,
    refersToSeq: null,
    evidenceSha256: null,
    details: { files: [] },
  });
  rig.deface(true);
  rig.clock.set(T0 + 60_000);
  await rig.checks.checkPage(rig.page.id);
}

describe('safeName and mdText', () => {
  it('keep bundle paths and report lines inert whatever the label or quote', () => {
    expect(safeName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeName('desktop 1280×800')).toBe('desktop-1280-800');
    expect(safeName('')).toBe('file');
    expect(mdText('a | b <script>\n[x](javascript:1)')).toBe('a \\| b \\<script\\> \\[x\\]\\(javascript:1\\)');
  });
});

await forEachStore('evidence export', process.env, (makeRig) => {
  let rig: Rig;
  let deps: ExportDeps;
  beforeEach(async () => {
    rig = await makeRig();
    deps = { ledger: rig.ledger, files: rig.files, incidents: null, mamoriVersion: '0.1.0-test' };
  });
  afterEach(async () => rig.cleanup());

  it('writes a bundle that passes sha256sum -c, whose WARCs index with warcio, with a chained ledger segment and a report', async () => {
    await defaceAndInterleave(rig);
    const out = join(rig.dir, 'bundle');
    const result = await exportEvidence(deps, { kind: 'page', url: rig.page.url, ...WINDOW }, out, T0 + 7_200_000);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.bundle.captures).toBe(2);

    const { stdout } = await run('sha256sum', ['-c', 'manifest.sha256'], { cwd: out });
    const lines = stdout.trim().split('\n');
    expect(lines.every((l) => l.endsWith(': OK'))).toBe(true);
    expect(lines.map((l) => l.replace(/: OK$/, '')).sort()).toEqual(
      expect.arrayContaining([
        'ledger/anchor.json',
        'ledger/segment.jsonl',
        'report.md',
        expect.stringMatching(/^warc\/mamori-p\d+-c\d+-\d{8}T\d{6}Z\.warc\.gz$/) as string,
      ]),
    );
    expect(lines).toHaveLength(result.bundle.files);

    const warcs = await readdir(join(out, 'warc'));
    expect(warcs).toHaveLength(2);
    for (const name of warcs) {
      const index = await run(process.execPath, [WARCIO_CLI, 'index', join(out, 'warc', name)]);
      expect(index.stdout).toContain('"warc-type":"response"');
      expect((await readWarc(await readFile(join(out, 'warc', name))))[0]!.version).toBe('WARC/1.1');
    }
    expect(await readdir(join(out, 'screenshots'))).toHaveLength(1);

    // The segment chains from its anchor to the export entry; the other case is only hashes.
    const anchor = JSON.parse(await readFile(join(out, 'ledger/anchor.json'), 'utf8')) as {
      anchorPrevHash: string;
      head: { seq: number; entryHash: string };
    };
    const segment = (await readFile(join(out, 'ledger/segment.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LedgerEntry & { fieldsSha256: string; redacted?: boolean });
    let prev = anchor.anchorPrevHash;
    for (const e of segment) {
      expect(e.prevHash).toBe(prev);
      expect(linkHash(e.prevHash, e.fieldsSha256)).toBe(e.entryHash);
      if (!e.redacted) expect(fieldsSha256(e)).toBe(e.fieldsSha256);
      prev = e.entryHash;
    }
    expect(prev).toBe(anchor.head.entryHash);
    expect(segment.map((e) => e.kind ?? 'redacted')).toEqual(['capture', 'redacted', 'capture', 'export']);
    expect(JSON.stringify(segment)).not.toContain('secret-case');

    const report = await readFile(join(out, 'report.md'), 'utf8');
    expect(report).toContain('Mamori attests to what it received');
    expect(report).toContain('Received from network address: 127.0.0.1');
    expect(report).toContain('2026-12-01 09:01:00.000 UTC (18:01:00.000 JST)');
    expect(report).toContain('tampered');

    // The export is on the record, and the whole ledger still verifies.
    const head = (await rig.ledger.head())!;
    expect(head).toMatchObject({ kind: 'export', seq: result.bundle.exportEntry.seq });
    expect((await verifyEvidence(rig.ledger, rig.files)).problems).toEqual([]);
  });

  it('refuses to hand out a damaged file, naming it', async () => {
    await defaceAndInterleave(rig);
    const [first] = await rig.ledger.liveCaptures({ url: rig.page.url, ...WINDOW });
    const path = rig.files.pathOf(first!.evidenceSha256!);
    await writeFile(path, 'not the WARC');
    const result = await exportEvidence(
      deps,
      { kind: 'page', url: rig.page.url, ...WINDOW },
      join(rig.dir, 'b2'),
      T0 + 1,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'damaged-file', path, seq: first!.seq } });
  });

  it('gives clear errors: no incidents yet, an unknown incident, nothing in scope, a used directory', async () => {
    await defaceAndInterleave(rig);
    const out = join(rig.dir, 'b3');
    expect(await exportEvidence(deps, { kind: 'incident', incidentId: '7' }, out, T0)).toMatchObject({
      ok: false,
      error: { code: 'incidents-unavailable' },
    });
    const incidents: IncidentScope = {
      get: (id) => Promise.resolve(id === '7' ? { id: '7', pageIds: [rig.page.id], ...WINDOW } : null),
    };
    expect(await exportEvidence({ ...deps, incidents }, { kind: 'incident', incidentId: '8' }, out, T0)).toMatchObject({
      ok: false,
      error: { code: 'unknown-incident' },
    });
    expect(await exportEvidence(deps, { kind: 'page', url: rig.page.url, from: 0, to: 1 }, out, T0)).toMatchObject({
      ok: false,
      error: { code: 'nothing-to-export' },
    });
    const byIncident = await exportEvidence({ ...deps, incidents }, { kind: 'incident', incidentId: '7' }, out, T0);
    expect(byIncident).toMatchObject({ ok: true, bundle: { captures: 2 } });
    // An incident opened with the defacement: the bundle still shows the page as it was before.
    const opened: IncidentScope = {
      get: () => Promise.resolve({ id: '8', pageIds: [rig.page.id], from: T0 + 30_000, to: T0 + 3_600_000 }),
    };
    const withBefore = await exportEvidence(
      { ...deps, incidents: opened },
      { kind: 'incident', incidentId: '8' },
      join(rig.dir, 'b4'),
      T0,
    );
    expect(withBefore).toMatchObject({ ok: true, bundle: { captures: 2 } });
    expect(await readFile(join(rig.dir, 'b4', 'report.md'), 'utf8')).toContain(
      '(first, the last capture before the incident)',
    );
    const inWindowOnly = await exportEvidence(
      deps,
      { kind: 'page', url: rig.page.url, from: T0 + 30_000, to: T0 + 3_600_000 },
      join(rig.dir, 'b5'),
      T0,
    );
    expect(inWindowOnly).toMatchObject({ ok: true, bundle: { captures: 1 } });
    expect(await exportEvidence(deps, { kind: 'page', url: rig.page.url, ...WINDOW }, out, T0)).toMatchObject({
      ok: false,
      error: { code: 'out-dir-not-empty' },
    });
  });
});

describe('formatExportReport', () => {
  it('escapes what the page said', () => {
    const entry = {
      seq: 2,
      kind: 'capture',
      recordedAt: T0,
      pageId: 1,
      checkId: 1,
      url: 'u',
      observedAt: T0,
      refersToSeq: null,
      evidenceSha256: null,
      details: '{}',
      prevHash: 'p',
      entryHash: 'h',
    } as const;
    const text = formatExportReport({
      scope: { kind: 'page', url: 'https://x.example/', from: T0, to: T0 },
      captures: [
        {
          entry,
          paths: ['warc/a.warc.gz'],
          details: {
            trigger: 'tampered',
            url: 'https://x.example/',
            finalUrl: null,
            verdict: 'tampered',
            outcome: 'ok',
            httpStatus: 200,
            remoteAddress: '192.0.2.1',
            bodySha256: null,
            mamoriVersion: 'v',
            warcFilename: 'a.warc.gz',
            files: [],
            reasons: [
              {
                code: 'defacer-headline',
                severity: 'high',
                message: 'm',
                evidence: { snippet: '<img src=x onerror=alert(1)> | [a](b)' },
              },
            ],
          },
        },
      ],
      exportEntry: { ...entry, seq: 3, kind: 'export' },
      anchorPrevHash: '0'.repeat(64),
      firstSeq: 2,
      timestamps: [],
      mamoriVersion: 'v',
    });
    expect(text).toContain('\\<img src=x onerror=alert\\(1\\)\\> \\| \\[a\\]\\(b\\)');
    expect(text).not.toMatch(/(^|[^\\])<img/);
    expect(text).toContain('`defacer-headline`');
  });
});
