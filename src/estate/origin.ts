/** Normalise a target URL and derive its site origin; null when it is not an absolute http(s) URL. */
export function parseTarget(raw: string): { url: string; origin: string; host: string } | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  return { url: u.href, origin: u.origin.toLowerCase(), host: u.host.toLowerCase() };
}
