import type { DemoIncidents, EstatePageRef } from './types.ts';

/**
 * The demo estate's three scripted incidents: where each strikes and what it inserts. Tests and the demo
 * script read these instead of repeating paths, so moving an incident moves every assertion with it.
 */

export type IncidentName = keyof DemoIncidents;

export const INCIDENT_NAMES: readonly IncidentName[] = ['subpageDown', 'localOfficeDefaced', 'hiddenLinkInListing'];

export interface IncidentTarget extends EstatePageRef {
  description: string;
}

export const DEMO_INCIDENT_TARGETS: Readonly<Record<IncidentName, IncidentTarget>> = {
  subpageDown: {
    siteKey: 'soumu',
    path: '/policy/ict/cybersecurity/',
    description: 'A deep page of the 総務省 site answers 503 (or resets the connection); the site home page stays up.',
  },
  localOfficeDefaced: {
    siteKey: 'moj-yokohama',
    path: '/procedures/registration/',
    description: 'A page of 横浜地方法務局 (Shift_JIS) gets a visible "Hacked by" block with an external image.',
  },
  hiddenLinkInListing: {
    siteKey: 'courts',
    path: '/news/',
    description: 'The 裁判所 news listing gets a third <li> with an external link hidden by inline display:none.',
  },
};

/** Pages that must stay untouched while an incident is on (the outage must not look site-wide). */
export const SUBPAGE_DOWN_CONTROL: EstatePageRef = { siteKey: 'soumu', path: '/' };

export const DEFACEMENT = {
  imageUrl: 'http://kuro-team.example.net/img/flag.jpg',
  headline: 'Hacked by Kuro Team',
  message:
    'Your new Copyright Enforcement Act turns ordinary people into criminals for a download. We will not be silent. Repeal the law.',
} as const;

export const HIDDEN_LINK = {
  href: 'https://casino-bonus.example.org/jp/',
  text: 'オンラインカジノ 入金不要ボーナス',
  technique: 'display:none',
} as const;

/** What the defacers insert: a block that shows, right after the page heading. */
export function defacementBlock(): string {
  return `<div id="kuro" style="background:#000;color:#0f0;text-align:center;padding:24px;font-family:monospace">
<img src="${DEFACEMENT.imageUrl}" alt="" width="360" height="200">
<h2 style="color:#f00">${DEFACEMENT.headline}</h2>
<p>${DEFACEMENT.message}</p>
<p>Greetz: all free people.</p>
</div>`;
}

/** Inserts after the first `</h1>`, or at the start of `<body>` when a page has none (the corpus's placement). */
export function injectDefacement(html: string): string {
  const h1 = html.indexOf('</h1>');
  const at = h1 !== -1 ? h1 + '</h1>'.length : html.indexOf('>', html.indexOf('<body')) + 1;
  return `${html.slice(0, at)}\n${defacementBlock()}${html.slice(at)}`;
}

/** Slips a hidden `<li>` in as the third item of the first news list, where a glance at the source misses it. */
export function injectHiddenLink(html: string): string {
  const list = html.indexOf('<ul class="news-list">');
  if (list === -1) return html;
  const first = html.indexOf('</li>', list);
  const second = first === -1 ? -1 : html.indexOf('</li>', first + 1);
  if (second === -1) return html;
  const at = second + '</li>'.length;
  const item = `\n<li style="display:none"><a href="${HIDDEN_LINK.href}">${HIDDEN_LINK.text}</a></li>`;
  return `${html.slice(0, at)}${item}${html.slice(at)}`;
}

export function isIncidentTarget(name: IncidentName, siteKey: string, path: string): boolean {
  const target = DEMO_INCIDENT_TARGETS[name];
  return target.siteKey === siteKey && target.path === path;
}
