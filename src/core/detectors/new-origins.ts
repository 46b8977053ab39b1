import type { Reason } from '../verdict.ts';
import type { Detector } from './types.ts';
import { unknownHost } from './novelty.ts';
import { trackerFrameReason } from './hidden-content.ts';
import { hostOf, registrableDomain } from '../url.ts';

/** Scripts, frames and forms that talk to hosts this page never used: how injected code arrives. */
export const newOrigins: Detector = {
  id: 'new-origins',
  detect({ model, baseline }) {
    if (!baseline) return [];
    const reasons: Reason[] = [];
    const seen = new Set<string>();
    const own = registrableDomain(hostOf(model.url) ?? '');
    // Domains the page already lets run code: a frame from one of them grants nothing new.
    const trusted = new Set([own, ...baseline.scriptHosts.map(registrableDomain)]);
    // Domains the page's own code already loads from or names (a tag loader's address, a widget's API).
    const named = new Set((baseline.activeHosts ?? []).map(registrableDomain));
    for (const d of named) trusted.add(d);
    for (const s of model.scripts) {
      if (!s.external || !s.src || !unknownHost(s.host, baseline.scriptHosts) || seen.has(`s:${s.host}`)) continue;
      seen.add(`s:${s.host}`);
      const firstParty = registrableDomain(s.host ?? '') === own;
      const opaque = !firstParty && opaqueScriptUrl(s.src);
      const familiar = named.has(registrableDomain(s.host ?? ''));
      reasons.push({
        code: opaque
          ? 'opaque-script-origin'
          : familiar && !firstParty
            ? 'new-script-host-known-domain'
            : 'new-script-origin',
        severity: firstParty || (familiar && !opaque) ? 'low' : opaque ? 'high' : 'medium',
        message: opaque
          ? `A script is now loaded from ${s.host ?? '?'}, a host this page never used, at an opaque address (${opaque}): how paste-hosted loaders and injected kits are delivered.`
          : `A script is now loaded from ${s.host ?? '?'}, a host this page never loaded scripts from${firstParty ? ' (on the site’s own domain)' : familiar ? ' (on a domain the page’s own code already names)' : ''}.`,
        evidence: { selector: s.path, url: s.src, snippet: `<script src="${s.src}">` },
      });
    }
    for (const f of model.iframes) {
      if (!f.external || !unknownHost(f.host, baseline.frameHosts) || seen.has(`f:${f.host}`)) continue;
      seen.add(`f:${f.host}`);
      const alreadyTrusted =
        trusted.has(registrableDomain(f.host ?? '')) ||
        (f.hidden !== null && trackerFrameReason(f, model, baseline) !== null);
      reasons.push({
        code: f.hidden ? (alreadyTrusted ? 'hidden-iframe-known-domain' : 'hidden-iframe') : 'new-iframe-origin',
        severity: alreadyTrusted ? 'low' : f.hidden ? 'high' : 'medium',
        message: alreadyTrusted
          ? `A frame now loads ${f.host ?? f.src}, on a domain the page already runs scripts from.`
          : f.hidden
            ? `An invisible frame (${f.hidden.technique}) now loads ${f.host ?? f.src}: a classic drive-by injection.`
            : `A frame now loads ${f.host ?? f.src}, a host this page never framed.`,
        evidence: {
          selector: f.path,
          url: f.src,
          snippet: `<iframe src="${f.src}"${f.width !== null ? ` width="${f.width}"` : ''}${f.height !== null ? ` height="${f.height}"` : ''}>`,
        },
      });
    }
    for (const form of model.forms) {
      if (!form.external || !unknownHost(form.host, baseline.formHosts) || seen.has(`o:${form.host}`)) continue;
      seen.add(`o:${form.host}`);
      reasons.push({
        code: 'new-form-target',
        severity: 'medium',
        message: `A form now sends what visitors type to ${form.host ?? form.action}, a host this page never posted to.`,
        evidence: { selector: form.path, url: form.action },
      });
    }
    return reasons;
  },
};

/**
 * What makes a script address opaque: no file name but a random identifier, a raw-content
 * endpoint, a bare IP address or a digit-stuffed host name. Libraries and widgets have named files.
 */
export function opaqueScriptUrl(src: string): string | null {
  let u: URL;
  try {
    u = new URL(src);
  } catch {
    return 'an unparseable URL';
  }
  const host = u.hostname;
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return 'a bare IP address';
  if (
    host
      .split('.')
      .some(
        (label) => (label.match(/\d/g)?.length ?? 0) >= 5 && (label.match(/\d/g)?.length ?? 0) / label.length >= 0.5,
      )
  ) {
    return 'a digit-stuffed host name';
  }
  const segments = u.pathname.split('/').filter(Boolean);
  if (segments.includes('raw')) return 'a raw-content path';
  const last = segments.at(-1) ?? '';
  // Paste services name documents with upper-case random ids; widget ids are lower-case hex and
  // come with a named path, so only the former counts.
  if (
    /^[A-Z0-9]{10,}$/.test(last) &&
    (last.match(/\d/g)?.length ?? 0) >= 2 &&
    (last.match(/[A-Z]/g)?.length ?? 0) >= 2
  ) {
    return 'a random identifier, no file name';
  }
  return null;
}
