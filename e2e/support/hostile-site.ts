/**
 * A loopback site whose page turns hostile: after its baseline is learnt it carries a defacer's
 * message plus `<script>` and `onerror` payloads. Were either ever to run in the dashboard (or in a
 * capture it frames) it would raise a dialog, log to the console and call the beacon: the browser
 * test expects none of the three in its page. (Mamori's own renderer runs them, in its sandbox, by design.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PAYLOAD_MARK = 'mamori-e2e-payload';

export interface HostileSite {
  origin: string;
  pageUrl: string;
  beaconUrl: string;
  turnHostile(): void;
  close(): Promise<void>;
}

function page(body: string): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ | 試験庁</title></head>
<body><header><h1>試験庁からのお知らせ</h1></header>
<main><p>本庁の業務に関するお知らせを掲載しています。窓口の受付時間は平日の午前九時から午後五時までです。</p>
<p>各種申請の様式は手続きの案内のページから入手できます。ご不明な点は総務課までお問い合わせください。</p>
${body}</main><footer><p>試験庁 総務課</p></footer></body></html>`;
}

export function hostileBody(beaconUrl: string): string {
  const call = (via: string) =>
    `alert('${PAYLOAD_MARK}');console.log('${PAYLOAD_MARK}');fetch('${beaconUrl}?via=${via}')`;
  return `<div id="owned"><h2>Hacked by ${PAYLOAD_MARK} team</h2><p>Your security is a joke. Greetz to all.</p>
<script>${call('script')}</script>
<img src="/missing.png" onerror="${call('onerror')}"></div>`;
}

export async function startHostileSite(): Promise<HostileSite> {
  let hostile = false;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/beacon') {
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    if (path === '/notice/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(page(hostile ? hostileBody(beaconUrl) : ''));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const beaconUrl = `${origin}/beacon`;
  return {
    origin,
    pageUrl: `${origin}/notice/`,
    beaconUrl,
    turnHostile: () => {
      hostile = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
