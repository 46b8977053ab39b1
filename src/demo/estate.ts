import { charsetDeclaration, charsetLabel } from './demo-spec.ts';
import type { DemoOrganisation, DemoSiteSpec } from './demo-spec.ts';
import { renderDemoDocument } from './demo-render.ts';
import type { DemoDocument } from './demo-render.ts';
import { DEMO_INCIDENT_TARGETS, isIncidentTarget } from './incidents.ts';
import type { IncidentName, IncidentTarget } from './incidents.ts';
import { encodeText } from './legacy-encoding.ts';
import type { PageCharset } from './legacy-encoding.ts';
import { DEMO_ORGANISATIONS, DEMO_SITE_SPECS } from './sites/organisations.ts';
import { renderServiceUnavailable } from './templates/errors.ts';
import type { Estate, EstateSite, EstateState, RenderedPage } from './types.ts';

/**
 * The demo estate: a few organisations of a simulated Japanese government web estate, rendered deterministically
 * from (site, path, state). Pure: no I/O and no clock, so a test can reproduce any tick byte for byte.
 */

export interface DemoSite extends EstateSite {
  orgKey: string;
  spec: DemoSiteSpec;
}

export interface DemoEstate extends Estate {
  readonly kind: 'demo';
  readonly organisations: readonly DemoOrganisation[];
  readonly sites: readonly DemoSite[];
  /** Which page each incident strikes. */
  readonly incidents: Readonly<Record<IncidentName, IncidentTarget>>;
}

export function createDemoEstate(): DemoEstate {
  const sites: DemoSite[] = DEMO_SITE_SPECS.map((spec) => ({
    key: spec.key,
    name: spec.name,
    orgKey: spec.orgKey,
    paths: spec.pages.map((page) => page.path),
    spec,
  }));
  return {
    kind: 'demo',
    organisations: DEMO_ORGANISATIONS,
    sites,
    incidents: DEMO_INCIDENT_TARGETS,
    render: (siteKey, path, state) => renderDemoPage(sites, siteKey, path, state),
  };
}

/** Renders one response of any estate (demo or bench) for `path` on `siteKey` in `state`. */
export function renderPage(estate: Estate, siteKey: string, path: string, state: EstateState): RenderedPage {
  return estate.render(siteKey, path, state);
}

/** The demo page as text before encoding, or null for an unknown site: tests decode bodies back to this. */
export function renderDemoText(
  estate: DemoEstate,
  siteKey: string,
  path: string,
  state: EstateState,
): DemoDocument | null {
  const site = estate.sites.find((s) => s.key === siteKey);
  return site === undefined ? null : renderDemoDocument(site.spec, path, state);
}

function renderDemoPage(sites: readonly DemoSite[], siteKey: string, path: string, state: EstateState): RenderedPage {
  const site = sites.find((s) => s.key === siteKey);
  if (site === undefined) return plainResponse(404, 'Not Found\n');
  if (
    state.incidents.subpageDown !== undefined &&
    state.incidents.subpageDown !== false &&
    isIncidentTarget('subpageDown', siteKey, path)
  ) {
    const page = plainResponse(503, renderServiceUnavailable(), 'text/html; charset=iso-8859-1');
    page.headers['retry-after'] = '600';
    if (state.incidents.subpageDown === 'reset') page.reset = true;
    return page;
  }
  // Like Apache's mod_dir: a section asked for without its trailing slash is redirected to it.
  if (!path.endsWith('/') && site.paths.includes(`${path}/`)) {
    const page = plainResponse(
      301,
      `<p>Moved Permanently: <a href="${path}/">${path}/</a></p>\n`,
      'text/html; charset=iso-8859-1',
    );
    page.headers.location = `${path}/`;
    return page;
  }
  const document = renderDemoDocument(site.spec, path, state);
  return {
    status: document.status,
    headers: {
      'content-type': contentType(document.charset),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body: encodeText(document.html, document.charset),
  };
}

/** Shift_JIS pages get no charset in the header (only `<meta>`); EUC-JP gets it in the header only. */
function contentType(charset: PageCharset): string {
  return charsetDeclaration(charset) === 'meta' ? 'text/html' : `text/html; charset=${charsetLabel(charset)}`;
}

function plainResponse(status: number, text: string, type = 'text/plain; charset=utf-8'): RenderedPage {
  return { status, headers: { 'content-type': type }, body: Buffer.from(text, 'utf8') };
}
