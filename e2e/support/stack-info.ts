/** What the e2e stack tells the tests, and the accounts it creates (fixed passwords, test data only). */
export interface StackInfo {
  url: string;
  defacedIncidentId: number;
  defacedPageId: number;
  hostileIncidentId: number;
  hostilePageId: number;
  beaconUrl: string;
  hostileOrigin: string;
  /** The site whose zone's name servers the demo moves (a DNS hijack found by the site watch). */
  hijackedSiteId: number;
}

export interface Account {
  username: string;
  displayName: string;
  role: 'admin' | 'analyst' | 'member' | 'investigator';
  password: string;
  locale: 'ja' | 'en';
  timeZone: string;
  /** Slug of the one organisation a member belongs to. */
  org?: string;
}

export const E2E_ACCOUNTS = {
  admin: {
    username: 'admin',
    displayName: 'Administrator',
    role: 'admin',
    password: 'e2e-admin-password',
    locale: 'en',
    timeZone: 'UTC',
  },
  analyst: {
    username: 'e2e-analyst',
    displayName: 'CSIRT Analyst',
    role: 'analyst',
    password: 'e2e-analyst-password',
    locale: 'en',
    timeZone: 'Asia/Tokyo',
  },
  mojMember: {
    username: 'e2e-moj',
    displayName: '法務省 担当',
    role: 'member',
    password: 'e2e-moj-password',
    locale: 'ja',
    timeZone: 'Asia/Tokyo',
    org: 'moj',
  },
  courtsMember: {
    username: 'e2e-courts',
    displayName: '裁判所 担当',
    role: 'member',
    password: 'e2e-courts-password',
    locale: 'ja',
    timeZone: 'Asia/Tokyo',
    org: 'courts',
  },
} as const satisfies Record<string, Account>;

export const MEMBER_ACCOUNTS: readonly Account[] = [
  E2E_ACCOUNTS.analyst,
  E2E_ACCOUNTS.mojMember,
  E2E_ACCOUNTS.courtsMember,
];
