/**
 * @hub-spoke/fleet-simulator: simulated hub/spoke fleets speaking the Argo CD REST API and the
 * Kubernetes API over HTTPS, for development, tests and benchmarks.
 *
 * @packageDocumentation
 */
export { startFleetSimulator } from './server';
export type {
  FleetSimulator,
  BackstageConfig,
  StartOptions,
  TargetState,
  TargetStats,
} from './server';
export {
  parseFleet,
  loadFleetFile,
  validateFleet,
  defaultFleetPath,
  parseFault,
  parseLatency,
} from './fleet/parse';
export { FleetSpecError } from './fleet/reader';
export { generateFleet } from './fleet/generate';
export type { GenerateOptions } from './fleet/generate';
export type {
  Fault,
  Latency,
  FleetSpec,
  HubSpec,
  SpokeSpec,
  HubClusterSpec,
  ArgoCdSpec,
  ApplicationSpec,
  IngressSpec,
  CertificateSpec,
  WeightedRouteSpec,
  ApiGroupsSpec,
  KubeObject,
  OperationPhase,
} from './types';
