/**
 * The status page as one self-contained HTML document: no script, one inline style block, every
 * text escaped (names and announcements come from config and the estate, not from captured pages,
 * but are escaped all the same).
 */
import type { PublicSite, PublicStatus, PublicStatusDocument } from '../core/public-status.ts';

const LABELS: Record<PublicStatus, string> = {
  up: 'Operational',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Not checked yet',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:50rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}section{margin:1.5rem 0}ul{list-style:none;padding:0}li{padding:.4rem 0;border-bottom:1px solid #ddd}
.status{font-weight:600;margin-left:.5rem}.up{color:#1a7f37}.degraded{color:#9a6700}.down{color:#cf222e}.unknown{color:#57606a}
.pages{margin-left:1.5rem;font-size:.9rem}article{border-left:4px solid #0969da;padding:.2rem .8rem;margin:.8rem 0}`;

function badge(status: PublicStatus): string {
  return `<span class="status ${status}" data-status="${status}">${LABELS[status]}</span>`;
}

function site(s: PublicSite): string {
  const pages =
    s.pages === undefined
      ? ''
      : `<ul class="pages">${s.pages.map((p) => `<li>${escapeHtml(p.url)} ${badge(p.status)}</li>`).join('')}</ul>`;
  return `<li class="site">${escapeHtml(s.name)} <small>${escapeHtml(s.origin)}</small> ${badge(s.status)}${pages}</li>`;
}

export function renderStatusHtml(doc: PublicStatusDocument): string {
  const announcements =
    doc.announcements.length === 0
      ? ''
      : `<section id="announcements"><h2>Announcements</h2>${doc.announcements
          .map(
            (a) =>
              `<article><h3>${escapeHtml(a.title)}</h3><p><time>${escapeHtml(a.publishedAt)}</time>${
                a.organisation === null ? '' : ` · ${escapeHtml(a.organisation)}`
              }</p><p>${escapeHtml(a.body)}</p></article>`,
          )
          .join('')}</section>`;
  const organisations = doc.organisations
    .map(
      (o) =>
        `<section class="organisation"><h2>${escapeHtml(o.name)} ${badge(o.status)}</h2><ul>${o.sites
          .map(site)
          .join('')}</ul></section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(doc.title)}</h1><p id="overall">Overall ${badge(doc.status)}</p>${announcements}${organisations}
<p><a href="status.json">status.json</a></p></body></html>`;
}
