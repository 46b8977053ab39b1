/**
 * The test site of test/vantage-netns.test.ts, run inside a network namespace: it answers each page
 * as the mode file says, and, for a cloaked page, the probe's address differently from everyone else.
 * Args: host port probeAddress modeFile. Prints "ready" once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [host, port, probeAddress, modeFile] = process.argv.slice(2);

const news = Array.from(
  { length: 12 },
  (_, i) => `<li><a href="/news/${i}">お知らせ ${i}: 窓口の受付時間について</a></li>`,
);
const normal = (title: string) =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
  `<header><h1>${title}</h1><nav><a href="/">トップ</a> <a href="/about">概要</a></nav></header>` +
  `<main><p>市民の皆様へのお知らせです。手続きの案内と窓口の情報を掲載しています。</p><ul>${news.join('')}</ul></main>` +
  `<footer><p>市役所 広報課</p></footer></body></html>`;
const defaced =
  '<!doctype html><html><head><meta charset="utf-8"><title>Hacked by Nobody</title></head><body style="background:#000">' +
  '<h1>Hacked by Nobody</h1><img src="https://attacker.example.net/flag.png"><p>Your security is low.</p></body></html>';

function mode(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(modeFile!, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

const server = createServer((req, res) => {
  const page = (req.url ?? '/').replace(/^\//, '') || 'home';
  const m = mode()[page] ?? 'ok';
  const fromProbe = req.socket.remoteAddress?.replace(/^::ffff:/, '') === probeAddress;
  if (m === 'down') {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    return;
  }
  const body = m === 'cloak' && !fromProbe ? defaced : normal(`ページ ${page}`);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
});
server.listen(Number(port), host, () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
