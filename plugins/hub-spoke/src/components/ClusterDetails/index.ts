export {
  ClusterDetailsDrawer,
  ClusterApplications,
} from './ClusterDetailsDrawer';
export {
  ApiStatusLabel,
  CertificateExpiry,
  ClusterStatusFacts,
  IngressHostsTable,
  CertificatesTable,
  ValueChips,
  Fact,
} from './ClusterFacts';
