/**
 * Names for the API's shapes the views pass around. None is written by hand: each is read off the
 * typed client (src/api/contract.ts, from the server's zod route definitions), so a view that reads a
 * field the server does not send fails to compile.
 */
import type { api, ApiBody } from './api.ts';

type Item<List extends { items: readonly unknown[] }> = List['items'][number];

export type Me = ApiBody<typeof api.auth.me.$get>;
export type User = Me['user'];
export type Organisation = Item<ApiBody<typeof api.organisations.$get>>;
export type Site = Item<ApiBody<typeof api.sites.$get>>;
export type Page = ApiBody<(typeof api.pages)[':id']['$get']>;
export type Check = ApiBody<(typeof api.checks)[':id']['$get']>;
export type Reason = Check['reasons'][number];
export type PageStatus = Page['status'];
export type Verdict = Check['verdict'];
export type Incident = Item<ApiBody<typeof api.incidents.$get>>;
export type IncidentDetail = ApiBody<(typeof api.incidents)[':id']['$get']>;
export type Notification = Item<ApiBody<typeof api.notifications.$get>>;
export type ChannelList = ApiBody<typeof api.channels.$get>;
export type Channel = ChannelList['items'][number];
export type ChannelStatus = Channel['status'];
export type MaintenanceWindow = ChannelList['maintenance'][number];
export type Overview = ApiBody<typeof api.overview.$get>;
export type OverviewPage = Overview['pages']['items'][number];
export type ConsoleStatus = OverviewPage['status'];
export type ConsoleCounts = Overview['counts'];
export type Threat = Item<ApiBody<typeof api.threats.$get>>;
export type Claim = Item<ApiBody<typeof api.claims.$get>>;
export type UserAccount = Item<ApiBody<typeof api.users.$get>>;
export type EvidenceRecord = Item<ApiBody<(typeof api.incidents)[':id']['evidence']['$get']>>;
export type RenderSummary = ApiBody<(typeof api.checks)[':id']['render']['$get']>;
export type CheckDiff = ApiBody<(typeof api.checks)[':id']['diff']['$get']>;
export type SiteWatchLatest = ApiBody<(typeof api.sites)[':id']['watch']['$get']>;
export type SiteWatchLook = NonNullable<SiteWatchLatest['dns']>;
export type CaptureUrl = ApiBody<(typeof api.checks)[':id']['capture-url']['$get']>;
export type PageCapture = Item<ApiBody<(typeof api.pages)[':id']['captures']['$get']>>;
export type LedgerRecord = ApiBody<(typeof api.evidence)[':seq']['$get']>;
