/**
 * The demo's accounts, one per role, with fixed passwords printed at start. Demo only: the demo
 * database is thrown away at every run and served on loopback.
 */
import type { AuthStore } from '../auth/auth-store.ts';
import type { Role } from '../auth/types.ts';
import type { EstateStore } from '../store/types.ts';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  /** Organisation slugs (members and investigators). */
  organisations: string[];
  note: string;
}

/** `admin` itself is the first-start admin, created from auth.adminPassword. */
export const DEMO_ADMIN_PASSWORD = 'mamori-demo-admin';

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    password: DEMO_ADMIN_PASSWORD,
    role: 'admin',
    organisations: [],
    note: 'everything, users and tokens too',
  },
  {
    username: 'analyst',
    password: 'mamori-demo-analyst',
    role: 'analyst',
    organisations: [],
    note: 'every organisation',
  },
  {
    username: 'moj',
    password: 'mamori-demo-moj',
    role: 'member',
    organisations: ['moj'],
    note: '法務省 only (sees the defacement)',
  },
  {
    username: 'courts',
    password: 'mamori-demo-courts',
    role: 'member',
    organisations: ['courts'],
    note: '裁判所 only (never sees 法務省)',
  },
  {
    username: 'investigator',
    password: 'mamori-demo-investigator',
    role: 'investigator',
    organisations: ['moj'],
    note: 'reads 法務省 incidents and evidence',
  },
];

/** Creates the demo accounts that do not exist yet (after the estate sync, so organisations exist). */
export async function ensureDemoAccounts(
  auth: AuthStore,
  store: EstateStore,
  now: number,
): Promise<readonly DemoAccount[]> {
  const orgs = await store.listOrganisations();
  for (const account of DEMO_ACCOUNTS) {
    if (await auth.getUserByName(account.username)) continue;
    const organisationIds = account.organisations.map((slug) => {
      const org = orgs.find((o) => o.slug === slug);
      if (!org) throw new Error(`demo account ${account.username}: the demo estate has no organisation ${slug}`);
      return org.id;
    });
    await auth.addUser(
      { username: account.username, role: account.role, organisationIds, password: account.password },
      now,
    );
  }
  return DEMO_ACCOUNTS;
}
