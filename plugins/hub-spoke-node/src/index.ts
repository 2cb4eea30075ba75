/**
 * What the Hub & Spoke backend plugin and its modules share: the hub-spoke API client as a service ref, cluster
 * access read from `kubernetes.clusterLocatorMethods`, and Kubernetes error parsing.
 *
 * @packageDocumentation
 */
export {};
