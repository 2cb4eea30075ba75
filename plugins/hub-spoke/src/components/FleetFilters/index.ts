export * from './filters';
export { useFleetFilters, CLUSTER_PARAM } from './useFleetFilters';
export type { FleetFiltersState } from './useFleetFilters';
export { FleetFiltersBar } from './FleetFiltersBar';
