import type { PageLang } from '../demo-spec.ts';
import { labelsFor } from './labels.ts';

/** The body of a 404 inside the site's own chrome, as CMSs serve it. */
export function renderNotFoundMain(lang: PageLang): string {
  const labels = labelsFor(lang);
  return `<main id="main" class="main-content not-found">
<h1 class="page-title">${labels.notFoundTitle}</h1>
<p>${labels.notFoundText}</p>
<p><a href="/">${labels.home}</a></p>
</main>`;
}

/** What a reverse proxy answers when the application behind it is down: no site chrome at all. */
export function renderServiceUnavailable(): string {
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>503 Service Unavailable</title>
</head><body>
<h1>Service Unavailable</h1>
<p>The server is temporarily unable to service your
request due to maintenance downtime or capacity
problems. Please try again later.</p>
</body></html>
`;
}
