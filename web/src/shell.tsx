import { Link } from './components/link.tsx';
import { LocaleSwitch } from './components/locale-switch.tsx';
import { NotFound } from './components/await.tsx';
import { parseRoute, useLocation, type Route } from './router.ts';
import { useSession } from './session.tsx';
import { OverviewView } from './views/overview.tsx';
import { PageView } from './views/page-view.tsx';
import { PageHistoryView } from './views/page-history.tsx';
import { SiteView } from './views/site-view.tsx';
import { IncidentsView } from './views/incidents.tsx';
import { CampaignView } from './views/campaign-view.tsx';
import { IncidentView } from './views/incident-view.tsx';
import { ThreatsView } from './views/threats.tsx';
import { SettingsView } from './views/settings.tsx';
import type { MessageKey } from './i18n/en.ts';

const NAV: { to: string; key: MessageKey; match: Route['name'][] }[] = [
  { to: '/', key: 'nav.overview', match: ['overview', 'page', 'page-history', 'site'] },
  { to: '/incidents', key: 'nav.incidents', match: ['incidents', 'incident', 'campaign'] },
  { to: '/threats', key: 'nav.threats', match: ['threats'] },
  { to: '/settings', key: 'nav.settings', match: ['settings'] },
];

/** The signed-in app: header with navigation, language switch and account, then the routed view. */
export function Shell() {
  const { t, user, signOut } = useSession();
  const location = useLocation();
  const route = parseRoute(location.pathname);
  return (
    <div className="shell">
      <header className="top">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>{t('app.name')}</span>
        </Link>
        <nav aria-label="main">
          {NAV.map((n) => (
            <Link key={n.to} to={n.to} className={n.match.includes(route.name) ? 'active' : ''}>
              {t(n.key)}
            </Link>
          ))}
        </nav>
        <div className="account">
          <LocaleSwitch />
          {user ? (
            <>
              <span className="who" data-testid="who">
                {user.displayName || user.username}
              </span>
              <button type="button" className="link-button" onClick={signOut}>
                {t('nav.logout')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main>{view(route, location.search)}</main>
    </div>
  );
}

function view(route: Route, search: string) {
  switch (route.name) {
    case 'overview':
      return <OverviewView search={search} />;
    case 'page':
      return <PageView key={route.id} id={route.id} />;
    case 'page-history':
      return <PageHistoryView key={route.id} id={route.id} />;
    case 'site':
      return <SiteView key={route.id} id={route.id} />;
    case 'incidents':
      return <IncidentsView />;
    case 'incident':
      return <IncidentView key={route.id} id={route.id} />;
    case 'campaign':
      return <CampaignView key={route.id} id={route.id} />;
    case 'threats':
      return <ThreatsView />;
    case 'settings':
      return <SettingsView />;
    case 'not-found':
      return <NotFound />;
  }
}
