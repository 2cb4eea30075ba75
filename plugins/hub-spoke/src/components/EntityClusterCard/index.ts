export { EntityClusterCard, findCluster } from './EntityClusterCard';
