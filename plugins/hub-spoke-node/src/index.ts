/**
 * What the Hub & Spoke backend modules share: the hub-spoke API client as a service ref, cluster access from
 * `kubernetes.clusterLocatorMethods` (and the KubeConfig made from it), and Kubernetes error parsing.
 *
 * @packageDocumentation
 */
export * from './api';
export * from './cluster';
export * from './kubernetes';
