/** A small estate for the status page tests: opted-in and hidden organisations, internal text to look for. */
import type { Reason } from '../core/verdict.ts';
import { newCheck, T0 } from '../store/estate-fixtures.ts';
import type { EstateStore, NewCheck, PageStatus } from '../store/types.ts';
import type { StatusPageSettings } from './status-document.ts';

/** Internal text that must never reach the public: reasons, evidence, the deep page, the hidden organisation. */
export const SECRET_REASON: Reason = {
  code: 'page-replaced',
  message: 'The page was replaced by a defacement banner',
  severity: 'high',
  evidence: { snippet: 'hacked-by-someone', selector: 'body>div#internal-marker', url: 'https://evil.example/x.js' },
};
export const DEEP_URL = 'https://www.alpha.example/internal/press/2026-12.html';
export const HIDDEN_ORG = 'Hidden Agency';

export async function check(store: EstateStore, pageId: number, status: PageStatus, extra: Partial<NewCheck> = {}) {
  await store.recordCheck(newCheck(pageId, { verdict: status === 'pending' ? 'unchanged' : status, ...extra }), {
    status,
    lastBodySha256: null,
  });
}

/** Alpha (opted in): www up with a tampered deep page, mail all down. Hidden (not opted in): down. */
export async function seedEstate(store: EstateStore): Promise<void> {
  const alpha = await store.upsertOrganisation({ slug: 'alpha', name: 'Alpha Ministry' }, T0);
  const hidden = await store.upsertOrganisation({ slug: 'hidden', name: HIDDEN_ORG }, T0);
  const www = await store.upsertSite(
    { organisationId: alpha.id, origin: 'https://www.alpha.example', name: 'Alpha web' },
    T0,
  );
  const mail = await store.upsertSite(
    { organisationId: alpha.id, origin: 'https://mail.alpha.example', name: 'Alpha mail' },
    T0,
  );
  const secret = await store.upsertSite(
    { organisationId: hidden.id, origin: 'https://hidden.example', name: 'Hidden web' },
    T0,
  );
  const add = async (siteId: number, url: string) =>
    (await store.addPage({ siteId, url, source: 'declared' }, T0)).page;
  await check(store, (await add(www.id, 'https://www.alpha.example/')).id, 'unchanged');
  await check(store, (await add(www.id, DEEP_URL)).id, 'tampered', { reasons: [SECRET_REASON] });
  await check(store, (await add(mail.id, 'https://mail.alpha.example/')).id, 'down', {
    outcome: 'connect',
    httpStatus: null,
    reasons: [{ code: 'connect-refused', message: 'Connection refused by 10.20.30.40', severity: 'high' }],
  });
  await check(store, (await add(secret.id, 'https://hidden.example/')).id, 'down', { outcome: 'connect' });
}

export const SETTINGS: StatusPageSettings = {
  title: 'Alpha status',
  organisations: ['alpha', 'nobody'],
  showPageUrls: false,
  announcements: [
    {
      title: 'Planned maintenance',
      body: 'Mail is moving to a new host.',
      publishedAt: '2026-12-01T09:00:00+09:00',
      organisation: 'alpha',
    },
    { title: 'Hidden notice', body: 'x', publishedAt: '2026-12-02', organisation: 'hidden' },
    { title: 'Welcome', body: 'This page shows availability.', publishedAt: '2026-11-01' },
  ],
};

export const FORBIDDEN = [
  SECRET_REASON.message,
  'hacked-by-someone',
  'internal-marker',
  'evil.example',
  'page-replaced',
  'tampered',
  'suspicious',
  'Connection refused',
  '10.20.30.40',
  '203.0.113.7',
  DEEP_URL,
  '/internal/',
  HIDDEN_ORG,
  'hidden.example',
  'Hidden notice',
];
