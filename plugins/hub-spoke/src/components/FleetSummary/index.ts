export { FleetSummary } from './FleetSummary';
export { summarizeFleet, expiringCertificatesOf } from './summary';
export type {
  FleetSummaryData,
  ExpiringCertificate,
  OverlapPair,
} from './summary';
