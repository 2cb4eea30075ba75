export { EntityDeploymentsCard } from './EntityDeploymentsCard';
export {
  labelSelectorMatcher,
  parseLabelSelector,
  matchesLabels,
  LabelSelectorError,
} from './labelSelector';
export type { LabelRequirement } from './labelSelector';
