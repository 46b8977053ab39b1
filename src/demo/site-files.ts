import { SITEMAP_MAX_URLS } from '../import/sitemap.ts';

/**
 * The per-site files around the pages: robots.txt, sitemap.xml (an index once a site passes the protocol's
 * 50,000-URL limit, so `mamori import <origin>/sitemap.xml` works for bench estates too) and static assets.
 */

export interface SiteFile {
  contentType: string;
  body: Buffer;
}

export function robotsTxt(origin: string): SiteFile {
  const text = `User-agent: *\nDisallow: /search/\nDisallow: /admin/\n\nSitemap: ${origin}/sitemap.xml\n`;
  return { contentType: 'text/plain; charset=utf-8', body: Buffer.from(text) };
}

/** `/sitemap.xml` or `/sitemap-<n>.xml` for a site's paths; null for any other path or a part that doesn't exist. */
export function sitemapFile(origin: string, paths: readonly string[], requestPath: string): SiteFile | null {
  const parts = Math.ceil(paths.length / SITEMAP_MAX_URLS);
  if (requestPath === '/sitemap.xml') {
    return xmlFile(parts <= 1 ? urlset(origin, paths) : sitemapIndex(origin, parts));
  }
  const part = Number(/^\/sitemap-(\d+)\.xml$/.exec(requestPath)?.[1] ?? Number.NaN);
  if (parts <= 1 || !Number.isInteger(part) || part < 1 || part > parts) return null;
  return xmlFile(urlset(origin, paths.slice((part - 1) * SITEMAP_MAX_URLS, part * SITEMAP_MAX_URLS)));
}

function urlset(origin: string, paths: readonly string[]): string {
  const entries = paths.map((path) => `<url><loc>${escapeXml(origin + path)}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</urlset>\n`;
}

function sitemapIndex(origin: string, parts: number): string {
  const entries = Array.from(
    { length: parts },
    (_, i) => `<sitemap><loc>${escapeXml(`${origin}/sitemap-${i + 1}.xml`)}</loc></sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

function xmlFile(text: string): SiteFile {
  return { contentType: 'application/xml; charset=utf-8', body: Buffer.from(text) };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `body{margin:0;font-family:"Noto Sans JP","Hiragino Sans",Meiryo,sans-serif;color:#1a1a1a;line-height:1.7}
.skip-link{position:absolute;left:-9999px}.skip-link:focus{left:8px;top:8px}
.site-header{background:#fff;border-bottom:4px solid #00418c}.header-inner{display:flex;flex-wrap:wrap;gap:16px;align-items:center;padding:12px 24px}
.site-logo a{display:flex;gap:8px;align-items:center;color:#00418c;text-decoration:none;font-size:1.4rem;font-weight:bold}
.site-name-en{font-size:.75rem;font-weight:normal;color:#555}.header-utility{display:flex;gap:12px;list-style:none;margin:0 0 0 auto;padding:0}
.global-nav ul{display:flex;flex-wrap:wrap;list-style:none;margin:0;padding:0;background:#00418c}.global-nav a{display:block;padding:10px 18px;color:#fff;text-decoration:none}
.breadcrumb ol{display:flex;gap:8px;list-style:none;padding:8px 24px;margin:0;font-size:.85rem}.breadcrumb li+li::before{content:">";margin-right:8px}
.container{max-width:1040px;margin:0 auto;padding:16px 24px}.page-title{border-left:6px solid #00418c;padding-left:12px}
.news-list{list-style:none;padding:0}.news-list li{border-bottom:1px dotted #999;padding:6px 0}.news-list time{margin-right:12px}
.news-category{display:inline-block;background:#e8eef7;padding:0 6px;margin-right:8px;font-size:.8rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px}.card{border:1px solid #ccd;padding:8px 12px}
.data-table{border-collapse:collapse}.data-table th,.data-table td{border:1px solid #999;padding:4px 8px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.site-footer{background:#f2f2f2;padding:16px 24px;margin-top:32px;font-size:.85rem}.footer-sitemap ul,.footer-related ul,.footer-policy{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0}
`;

const JS = `document.querySelectorAll('[data-size]').forEach(function (b) { b.addEventListener('click', function () { document.documentElement.style.fontSize = b.dataset.size === 'large' ? '118%' : ''; }); });\n`;

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><circle cx="24" cy="24" r="22" fill="#00418c"/><circle cx="24" cy="24" r="9" fill="#fff"/></svg>\n`;

const ASSETS: Readonly<Record<string, SiteFile>> = {
  '/assets/site.css': { contentType: 'text/css; charset=utf-8', body: Buffer.from(CSS) },
  '/assets/site.js': { contentType: 'text/javascript; charset=utf-8', body: Buffer.from(JS) },
  '/assets/logo.svg': { contentType: 'image/svg+xml', body: Buffer.from(LOGO) },
  '/assets/favicon.svg': { contentType: 'image/svg+xml', body: Buffer.from(LOGO) },
};

/** A static asset by path (the query string, a cache-buster, is ignored by the caller). */
export function assetFile(path: string): SiteFile | null {
  return ASSETS[path] ?? null;
}
