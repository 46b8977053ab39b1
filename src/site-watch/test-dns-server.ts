/**
 * A small authoritative DNS server on loopback UDP for tests and the demo: it answers A, AAAA, CNAME,
 * NS, MX, TXT and CAA from a zone the caller sets (and changes, to stage a hijack), NXDOMAIN for names
 * it does not know. Enough of RFC 1035 for node:dns to resolve against it; nothing else.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';

export interface TestRecords {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  NS?: string[];
  /** `preference exchange`, e.g. `10 mx.example.test`. */
  MX?: string[];
  TXT?: string[];
  /** `flags tag value`, e.g. `0 issue letsencrypt.org`. */
  CAA?: string[];
}

export type TestZone = Record<string, TestRecords>;

export interface TestDnsServer {
  /** `127.0.0.1:port`, for Resolver.setServers. */
  server: string;
  setZone(zone: TestZone): void;
  /** Answer SERVFAIL to every query of these types (a broken or overloaded resolver), until set again. */
  setFailing(types: readonly (keyof TestRecords)[]): void;
  /** Queries answered so far. */
  readonly queries: number;
  close(): Promise<void>;
}

const TYPES: Record<number, keyof TestRecords> = {
  1: 'A',
  28: 'AAAA',
  5: 'CNAME',
  2: 'NS',
  15: 'MX',
  16: 'TXT',
  257: 'CAA',
};
const CODES: Record<keyof TestRecords, number> = { A: 1, AAAA: 28, CNAME: 5, NS: 2, MX: 15, TXT: 16, CAA: 257 };

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'ascii')])),
    Buffer.from([0]),
  ]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function rdata(type: keyof TestRecords, value: string): Buffer {
  switch (type) {
    case 'A':
      return Buffer.from(value.split('.').map(Number));
    case 'AAAA':
      return ipv6Bytes(value);
    case 'CNAME':
    case 'NS':
      return encodeName(value);
    case 'MX': {
      const [pref, host] = value.split(' ');
      const b = Buffer.alloc(2);
      b.writeUInt16BE(Number(pref));
      return Buffer.concat([b, encodeName(host ?? '')]);
    }
    case 'TXT': {
      const chunks = value.match(/.{1,255}/g) ?? [''];
      return Buffer.concat(chunks.map((c) => Buffer.concat([Buffer.from([c.length]), Buffer.from(c, 'utf8')])));
    }
    case 'CAA': {
      const [flags, tag = '', ...rest] = value.split(' ');
      return Buffer.concat([
        Buffer.from([Number(flags), tag.length]),
        Buffer.from(tag, 'ascii'),
        Buffer.from(rest.join(' '), 'ascii'),
      ]);
    }
  }
}

function record(name: string, type: keyof TestRecords, value: string): Buffer {
  const data = rdata(type, value);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(CODES[type], 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(5, 4);
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([encodeName(name), fixed, data]);
}

function readQuestion(msg: Buffer): { name: string; type: number; end: number } | null {
  const labels: string[] = [];
  let at = 12;
  while (at < msg.length) {
    const len = msg[at]!;
    if (len === 0) break;
    if (len > 63) return null;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('ascii'));
    at += 1 + len;
  }
  if (at + 5 > msg.length) return null;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(at + 1), end: at + 5 };
}

function valuesOf(records: TestRecords | undefined, type: keyof TestRecords): string[] {
  const v = records?.[type];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function answer(zone: TestZone, msg: Buffer, failing: ReadonlySet<keyof TestRecords>): Buffer | null {
  if (msg.length < 12) return null;
  const q = readQuestion(msg);
  if (!q) return null;
  const failed = TYPES[q.type] !== undefined && failing.has(TYPES[q.type]!);
  const names = Object.keys(zone);
  const exists = names.some((n) => n === q.name || n.endsWith(`.${q.name}`));
  const type = TYPES[q.type];
  const answers: Buffer[] = [];
  if (exists && type && !failed) {
    const own = zone[q.name];
    const direct = valuesOf(own, type);
    if (direct.length > 0) answers.push(...direct.map((v) => record(q.name, type, v)));
    else if (own?.CNAME && type !== 'CNAME') {
      answers.push(record(q.name, 'CNAME', own.CNAME));
      const target = own.CNAME.toLowerCase();
      answers.push(...valuesOf(zone[target], type).map((v) => record(target, type, v)));
    }
  }
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2);
  const rd = msg[2]! & 0x01;
  header[2] = 0x80 | 0x04 | rd; // QR, AA, RD copied
  header[3] = 0x80 | (failed ? 2 : exists ? 0 : 3); // RA, SERVFAIL, NOERROR or NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, msg.subarray(12, q.end), ...answers]);
}

export async function startTestDnsServer(initial: TestZone): Promise<TestDnsServer> {
  let zone: TestZone = lower(initial);
  let queries = 0;
  let failing = new Set<keyof TestRecords>();
  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    const reply = answer(zone, msg, failing);
    if (!reply) return;
    queries += 1;
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    setZone: (next) => {
      zone = lower(next);
    },
    setFailing: (types) => {
      failing = new Set(types);
    },
    get queries() {
      return queries;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function lower(zone: TestZone): TestZone {
  return Object.fromEntries(Object.entries(zone).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ''), v]));
}
