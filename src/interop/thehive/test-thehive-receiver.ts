/**
 * A loopback HTTP server that answers like TheHive 5 for the calls a case push makes, and checks what
 * TheHive's v1 API documents: the Bearer API key, the X-Organisation header, InputCase (title,
 * description, severity 1-4, tlp 0-4, pap 0-3, tags, ...) and InputObservable (dataType with data, or
 * a multipart `attachment` with `_json` for a file). A request that breaks the documented shape gets
 * TheHive's 400; the test then sees it as a refused observable or a failed push.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedObservable {
  caseId: string;
  body: Record<string, unknown>;
  attachment: { filename: string; type: string; data: Buffer } | null;
}

export interface TheHiveReceiver {
  url: string;
  cases: Record<string, unknown>[];
  observables: ReceivedObservable[];
  /** Every shape problem found, as `path: problem` (a correct client leaves it empty). */
  problems: string[];
  requests: { method: string; path: string; authorization: string | undefined; organisation: string | undefined }[];
  /** Answer the next n requests with 503, as an overloaded TheHive does. */
  failNext(n: number): void;
  close(): Promise<void>;
}

const CASE_FIELDS: Record<string, (v: unknown) => boolean> = {
  title: (v) => typeof v === 'string' && v.length > 0 && v.length <= 512,
  description: (v) => typeof v === 'string' && v.length > 0,
  severity: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 4,
  startDate: (v) => Number.isInteger(v),
  endDate: (v) => Number.isInteger(v),
  tags: (v) => Array.isArray(v) && v.every((t) => typeof t === 'string' && t.length > 0),
  flag: (v) => typeof v === 'boolean',
  tlp: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4,
  pap: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3,
  status: (v) => typeof v === 'string',
  summary: (v) => typeof v === 'string',
  assignee: (v) => typeof v === 'string',
};
const OBSERVABLE_FIELDS: Record<string, (v: unknown) => boolean> = {
  dataType: (v) =>
    typeof v === 'string' && ['url', 'domain', 'ip', 'hash', 'file', 'other', 'fqdn', 'mail'].includes(v),
  data: (v) => typeof v === 'string' && v.length > 0,
  message: (v) => typeof v === 'string',
  startDate: (v) => Number.isInteger(v),
  tlp: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4,
  pap: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 3,
  tags: (v) => Array.isArray(v) && v.every((t) => typeof t === 'string'),
  ioc: (v) => typeof v === 'boolean',
  sighted: (v) => typeof v === 'boolean',
  ignoreSimilarity: (v) => typeof v === 'boolean',
};

function shapeProblems(where: string, body: Record<string, unknown>, fields: Record<string, (v: unknown) => boolean>) {
  const out: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const test = fields[key];
    if (!test) out.push(`${where}: unknown field ${key}`);
    else if (!test(value)) out.push(`${where}: ${key} has a value TheHive refuses: ${JSON.stringify(value)}`);
  }
  return out;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTheHiveReceiver(expect: {
  apiKey: string;
  organisation?: string;
}): Promise<TheHiveReceiver> {
  let failures = 0;
  let caseNumber = 0;
  const receiver: Omit<TheHiveReceiver, 'url' | 'close'> = {
    cases: [],
    observables: [],
    problems: [],
    requests: [],
    failNext: (n) => {
      failures = n;
    },
  };
  const caseIds = new Set<string>();
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
      receiver.requests.push({
        method: req.method ?? '',
        path,
        authorization: header('authorization'),
        organisation: header('x-organisation'),
      });
      const raw = await bodyOf(req);
      if (failures > 0) {
        failures--;
        return answer(503, { type: 'ServiceUnavailable', message: 'try later' });
      }
      if (header('authorization') !== `Bearer ${expect.apiKey}`)
        return answer(401, { type: 'AuthenticationError', message: 'Authentication failure' });
      if (expect.organisation !== undefined && header('x-organisation') !== expect.organisation)
        return answer(403, { type: 'AuthorizationError', message: 'Organisation not found or not allowed' });
      if (req.method === 'POST' && path === '/api/v1/case') {
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        const problems = shapeProblems('case', body, CASE_FIELDS);
        for (const key of ['title', 'description']) if (!(key in body)) problems.push(`case: ${key} is required`);
        if (!String(header('content-type')).startsWith('application/json')) problems.push('case: not sent as JSON');
        if (problems.length > 0) {
          receiver.problems.push(...problems);
          return answer(400, { type: 'BadRequest', message: problems.join('; ') });
        }
        caseNumber++;
        const id = `~${40960 + caseNumber * 8}`;
        caseIds.add(id);
        receiver.cases.push(body);
        return answer(201, {
          _id: id,
          _type: 'Case',
          _createdBy: 'mamori@thehive.local',
          _createdAt: Date.now(),
          number: caseNumber,
          status: 'New',
          stage: 'New',
          ...body,
        });
      }
      const match = /^\/api\/v1\/case\/([^/]+)\/observable$/.exec(path);
      if (req.method === 'POST' && match) {
        const caseId = decodeURIComponent(match[1]!);
        if (!caseIds.has(caseId)) return answer(404, { type: 'NotFoundError', message: `Case ${caseId} not found` });
        let body: Record<string, unknown>;
        let attachment: ReceivedObservable['attachment'] = null;
        const type = String(header('content-type'));
        if (type.startsWith('multipart/form-data')) {
          const form = await new Request('http://x/', {
            method: 'POST',
            headers: { 'content-type': type },
            body: raw,
          }).formData();
          const file = form.get('attachment');
          const json = form.get('_json');
          if (!(file instanceof File) || typeof json !== 'string') {
            receiver.problems.push('observable: a multipart observable needs attachment and _json');
            return answer(400, { type: 'BadRequest', message: 'attachment and _json are required' });
          }
          body = JSON.parse(json) as Record<string, unknown>;
          attachment = { filename: file.name, type: file.type, data: Buffer.from(await file.arrayBuffer()) };
          if (body.dataType !== 'file') receiver.problems.push('observable: an attachment needs dataType file');
        } else body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        const problems = shapeProblems('observable', body, OBSERVABLE_FIELDS);
        if (!('dataType' in body)) problems.push('observable: dataType is required');
        if (body.dataType !== 'file' && !('data' in body)) problems.push('observable: data is required');
        if (problems.length > 0) {
          receiver.problems.push(...problems);
          return answer(400, { type: 'BadRequest', message: problems.join('; ') });
        }
        receiver.observables.push({ caseId, body, attachment });
        return answer(201, [
          {
            _id: `~${81920 + receiver.observables.length * 8}`,
            _type: 'Observable',
            ...body,
            ...(attachment ? { attachment: { name: attachment.filename, size: attachment.data.length } } : {}),
          },
        ]);
      }
      return answer(404, { type: 'NotFoundError', message: `${req.method} ${path} not found` });
    })().catch((error: unknown) => answer(500, { type: 'InternalError', message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...receiver,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
