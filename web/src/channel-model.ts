import type { Translate } from './i18n/translate.ts';
import type { Channel } from './api-types.ts';

/** How the routes that use a channel read: "all organisations: high and above", or that none sends to it. */
export function routeLabels(routes: Channel['routes'], t: Translate): string[] {
  if (routes.length === 0) return [t('channels.noRoutes')];
  return routes.map((r) =>
    t('channels.route', {
      organisations: r.organisations.length === 0 ? t('channels.allOrganisations') : r.organisations.join(', '),
      severity: r.minSeverity,
    }),
  );
}

/** Only CSIRT staff have channel settings; the server answers 404 to anyone else. */
export function seesChannels(role: string | undefined): boolean {
  return role === 'admin' || role === 'analyst';
}
