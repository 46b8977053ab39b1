/** Generated sections of the README and docs/: the text between `<!-- name:start … -->` and `<!-- name:end -->`. */

export function section(markdown: string, name: string): string | null {
  const start = markdown.indexOf(`<!-- ${name}:start`);
  const end = markdown.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) return null;
  const afterStart = markdown.indexOf('-->', start) + 3;
  return markdown.slice(afterStart, end).trim();
}

export function replaceSection(markdown: string, name: string, body: string): string {
  const start = markdown.indexOf(`<!-- ${name}:start`);
  const end = markdown.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`no generated section named ${name}`);
  const afterStart = markdown.indexOf('-->', start) + 3;
  return `${markdown.slice(0, afterStart)}\n${body.trim()}\n${markdown.slice(end)}`;
}
