export { TopologyPage } from './TopologyPage';
export { TopologyContent } from './TopologyContent';
