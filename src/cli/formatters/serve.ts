/**
 * What `mamori serve` (and so `npm start`) and the demo say on the terminal when they are up: where
 * the dashboard is, and on a first start the admin's one-time password. Plain lines, printed once
 * and outside the JSON log, because that is where a new user looks. Pure.
 */

export interface ServeBanner {
  /** The address the server listens on (`http://host:port`). */
  url: string;
  /** `server.publicUrl`, when analysts reach the dashboard through another address. */
  publicUrl?: string | null;
  pages: number;
  database: string;
  firstAdmin: { username: string; password: string } | null;
}

export function dashboardAddress(url: string, publicUrl?: string | null): string {
  return `${(publicUrl ?? url).replace(/\/+$/, '')}/`;
}

export function formatServeBanner(b: ServeBanner): string[] {
  const lines = [
    `Mamori is watching ${b.pages} page${b.pages === 1 ? '' : 's'} (database: ${b.database}).`,
    `Dashboard: ${dashboardAddress(b.url, b.publicUrl)}`,
    `API on ${b.url}/api, OpenAPI at ${b.url}/docs. Ctrl-C stops.`,
  ];
  if (b.firstAdmin)
    lines.push(
      `First start: sign in as "${b.firstAdmin.username}" with the one-time password ${b.firstAdmin.password}`,
      '  (shown only this once and never logged; the dashboard asks you to change it at first sign-in).',
    );
  if (b.pages === 0)
    lines.push(
      'The estate is empty: add pages to mamori.yaml, POST /api/targets, or run `npx mamori import <file|url>`.',
    );
  return lines;
}

/** The demo's closing line: where to look next, in a browser. */
export function demoDashboardHint(url: string, adminPassword: string): string {
  const dashboard = dashboardAddress(url);
  return `Open the dashboard: ${dashboard} (sign in as admin / ${adminPassword}); the incidents are at ${dashboard}incidents.`;
}
