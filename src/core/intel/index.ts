export {
  assessAnnouncement,
  sectorTerms,
  type AnnouncementText,
  type MatchBy,
  type TargetMatch,
  type ThreatAssessment,
  type WatchVocabulary,
  type WatchedOrganisation,
} from './matcher.ts';
export {
  judgeClaim,
  parseClaim,
  type ClaimAssertion,
  type ClaimIncident,
  type ClaimJudgement,
  type ClaimObservation,
  type ClaimStatus,
  type ParsedClaim,
} from './claim.ts';
export { foldText, hostsIn, urlsIn } from './terms.ts';
