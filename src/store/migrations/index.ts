import type { Migration } from 'kysely';
import { migration0001Initial } from './0001-initial.ts';
import { migration0002SiteFindings } from './0002-site-findings.ts';
import { migration0003Evidence } from './0003-evidence.ts';
import { migration0004Render } from './0004-render.ts';
import { migration0005Incidents } from './0005-incidents.ts';
import { migration0007Auth } from './0007-auth.ts';
import { migration0008Intel } from './0008-intel.ts';
import { migration0009TokensAudit } from './0009-tokens-audit.ts';
import { migration0010Console } from './0010-console.ts';
import { migration0011RenderBaselineShot } from './0011-render-baseline-shot.ts';
import { migration0012OutboxChannelFigures } from './0012-outbox-channel-figures.ts';
import { migration0014PausedPages } from './0014-paused-pages.ts';
import { migration0015CheckRollups } from './0015-check-rollups.ts';
import { migration0016CaseWork } from './0016-case-work.ts';
import { migration0017SiteWatch } from './0017-site-watch.ts';
import { migration0020VantageReports } from './0020-vantage-reports.ts';
import { migration0021VantageJobs } from './0021-vantage-jobs.ts';
import { migration0022BaselineFacts } from './0022-baseline-facts.ts';
import { migration0023CheckRuns } from './0023-check-runs.ts';
import { migration0024PageBaselines } from './0024-page-baselines.ts';

/**
 * Every migration, by name. Listed statically (no directory globbing) so the set is the same under
 * tsx, a bundler or a compiled build. Names sort in the order they run; never rename or edit one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': migration0001Initial,
  '0002-site-findings': migration0002SiteFindings,
  '0003-evidence': migration0003Evidence,
  '0004-render': migration0004Render,
  '0005-incidents': migration0005Incidents,
  '0007-auth': migration0007Auth,
  '0008-intel': migration0008Intel,
  '0009-tokens-audit': migration0009TokensAudit,
  '0010-console': migration0010Console,
  '0011-render-baseline-shot': migration0011RenderBaselineShot,
  '0012-outbox-channel-figures': migration0012OutboxChannelFigures,
  '0014-paused-pages': migration0014PausedPages,
  '0015-check-rollups': migration0015CheckRollups,
  '0016-case-work': migration0016CaseWork,
  '0017-site-watch': migration0017SiteWatch,
  '0020-vantage-reports': migration0020VantageReports,
  '0021-vantage-jobs': migration0021VantageJobs,
  '0022-baseline-facts': migration0022BaselineFacts,
  '0023-check-runs': migration0023CheckRuns,
  '0024-page-baselines': migration0024PageBaselines,
});
