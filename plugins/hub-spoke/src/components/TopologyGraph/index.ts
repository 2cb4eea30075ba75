export { TopologyGraph } from './TopologyGraph';
export type { TopologyGraphProps } from './TopologyGraph';
export { layoutTopology, DEFAULT_LAYOUT } from './layout';
export type { TopologyLayout, LayoutOptions } from './layout';
