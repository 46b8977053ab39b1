/** Incident rollup, analyst actions and campaign grouping: pure functions over plain data. */
export * from './types.ts';
export { signalOf, severityOf, fingerprintOf, describeKind, worseKind, type CheckSignal } from './signal.ts';
export { featuresOf, mergeFeatures, signaturesIn } from './features.ts';
export {
  rollupCheck,
  siteAfterPageClosed,
  type CheckInput,
  type RollupOptions,
  type RollupPlan,
  type RollupState,
} from './rollup.ts';
export {
  applyAction,
  ANALYST_ACTIONS,
  type ActionOutcome,
  type ActionRequest,
  type ActionSubject,
  type AnalystAction,
} from './actions.ts';
export {
  groupIntoCampaign,
  linkKeys,
  sharedKeys,
  type CampaignDecision,
  type CampaignMember,
  type CampaignOptions,
} from './campaigns.ts';
