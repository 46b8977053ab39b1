/**
 * Names and addresses as the DNS watch compares them: the provider a host name belongs to, and the
 * network an address sits in. Pure string work (no public suffix list: see docs/site-watch.md).
 */

/** Second-level labels under a two-letter country code that are registries' own (go.jp, co.uk, ...). */
const COUNTRY_SECOND_LEVELS: ReadonlySet<string> = new Set([
  'ac',
  'co',
  'go',
  'or',
  'ne',
  'gr',
  'ed',
  'lg',
  'ad',
  'com',
  'net',
  'org',
  'gov',
  'edu',
  'gob',
  'mil',
]);

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * The provider of a host name: its registrable part as far as it can be told without a suffix list
 * (`ns1.cdn-provider.net` → `cdn-provider.net`, `ns.example.go.jp` → `example.go.jp`).
 */
export function providerOf(host: string): string {
  const labels = normaliseName(host).split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const take = tld.length === 2 && COUNTRY_SECOND_LEVELS.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The names to ask for records inherited down the tree (NS, CAA): the name, then each parent above a top-level label. */
export function climb(name: string): string[] {
  const labels = normaliseName(name).split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/** The network an address is counted in: its /24 (IPv4) or /48 (IPv6). Null for what is not an address. */
export function networkOf(address: string): string | null {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 3).join(':')}::/48` : null;
}

function expandIpv6(address: string): string[] | null {
  if (!/^[0-9a-f:]+$/i.test(address) || !address.includes(':')) return null;
  const halves = address.toLowerCase().split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return null;
  return groups.map((g) => g.replace(/^0+(?=.)/, ''));
}
