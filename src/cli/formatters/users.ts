import type { User } from '../../auth/types.ts';

/** Accounts as a table: username, role, organisations (by slug), state. */
export function formatUsers(users: readonly User[], slugOf: (id: number) => string): string {
  if (users.length === 0) return 'No accounts.';
  const rows = users.map((u) => [
    u.username,
    u.role,
    u.organisationIds === 'all' ? 'all' : u.organisationIds.map(slugOf).join(',') || '-',
    u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : 'active',
    u.displayName,
  ]);
  const header = ['USERNAME', 'ROLE', 'ORGANISATIONS', 'STATE', 'NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}
