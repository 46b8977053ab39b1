import { describe, expect, it } from 'vitest';
import { parseUrlwatch } from './urlwatch.ts';

const URLS_YAML = `name: 法務省 トップ
url: https://www.moj.example.jp/
filter:
  - css: main
  - html2text
max_tries: 3
---
url: "https://www.soumu.example.jp/news/#list"
---
name: "shell job"
command: curl -s https://example.jp | sha1sum
---
kind: browser
name: 裁判所
navigate: https://裁判所.jp/
---
url: https://www.moj.example.jp/
---
name: form
url: https://www.moj.example.jp/search
method: POST
data: q=1
---
name: missing address
---
url: not-a-url
---
`;

describe('parseUrlwatch', () => {
  it('maps url/navigate jobs with their names and reports the rest by document number', () => {
    const result = parseUrlwatch(URLS_YAML);
    expect(result.targets).toEqual([
      { url: 'https://www.moj.example.jp/', name: '法務省 トップ', line: 2 },
      { url: 'https://www.soumu.example.jp/news/', line: 8 },
      { url: 'https://xn--fcrq60b362a.jp/', name: '裁判所', line: 15 },
    ]);
    expect(result.problems).toEqual([
      {
        kind: 'ignored',
        line: 3,
        input: 'https://www.moj.example.jp/',
        message: expect.stringContaining('document 1: filter:') as string,
      },
      {
        kind: 'unsupported',
        line: 11,
        input: 'curl -s https://example.jp | sha1sum',
        message: expect.stringContaining('document 3') as string,
      },
      { kind: 'duplicate', line: 17, input: 'https://www.moj.example.jp/', message: expect.any(String) as string },
      {
        kind: 'unsupported',
        line: 20,
        input: 'https://www.moj.example.jp/search',
        message: expect.stringContaining('document 6') as string,
      },
      { kind: 'malformed', line: 24, input: 'document 7', message: expect.stringContaining('document 7') as string },
      { kind: 'malformed', line: 26, input: 'not-a-url', message: expect.any(String) as string },
    ]);
  });

  it('imports a job with a filter and warns, with the line, that the filter is not applied', () => {
    const result = parseUrlwatch('url: https://www.city.example.jp/news/\nfilter: css:#main,html2text\n');
    expect(result.targets).toEqual([{ url: 'https://www.city.example.jp/news/', line: 1 }]);
    expect(result.problems).toEqual([
      {
        kind: 'ignored',
        line: 2,
        input: 'https://www.city.example.jp/news/',
        message: expect.stringMatching(/^document 1: filter: “css:#main,html2text” is not applied/) as string,
      },
    ]);
  });

  it('reports invalid YAML and non-mapping documents without losing good jobs', () => {
    const result = parseUrlwatch(
      'url: https://a.example.jp/\n---\nurl: [unclosed\n---\n- just\n- a list\n---\nurl: https://b.example.jp/\n',
    );
    expect(result.targets.map((t) => t.url)).toEqual(['https://a.example.jp/', 'https://b.example.jp/']);
    expect(result.problems.map((p) => [p.kind, p.input])).toEqual([
      ['malformed', 'document 2'],
      ['malformed', 'document 3'],
    ]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseUrlwatch('')).toEqual({ targets: [], problems: [], sitemaps: [] });
  });
});
