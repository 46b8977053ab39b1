/** The subset of an OpenAPI 3.1 document the docs page reads. */
interface OpenApiDoc {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        parameters?: { name: string; in: string; required?: boolean }[];
        requestBody?: unknown;
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A self-contained API reference page rendered from the OpenAPI document: no scripts and no assets
 * from elsewhere, so it works on an offline network and under a strict CSP. Pure.
 */
export function renderDocsPage(doc: OpenApiDoc): string {
  const rows: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [method, op] of Object.entries(operations)) {
      const params = (op.parameters ?? [])
        .map((p) => `${escape(p.name)} <small>(${escape(p.in)}${p.required ? ', required' : ''})</small>`)
        .join('<br>');
      const responses = Object.entries(op.responses ?? {})
        .map(([code, r]) => `${escape(code)} ${escape(r.description ?? '')}`)
        .join('<br>');
      rows.push(
        `<tr><td><code>${escape(method.toUpperCase())}</code></td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td>` +
          `<td>${params}${op.requestBody ? `${params ? '<br>' : ''}JSON body` : ''}</td><td>${responses}</td></tr>`,
      );
    }
  }
  const title = escape(`${doc.info?.title ?? 'API'} ${doc.info?.version ?? ''}`.trim());
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{background:#f4f4f4;padding:0 .2rem}</style>
</head><body><h1>${title}</h1><p>${escape(doc.info?.description ?? '')} The machine-readable document is <a href="/openapi.json">/openapi.json</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Parameters</th><th>Responses</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>`;
}
