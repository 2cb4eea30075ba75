import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  EMPTY_FILTERS,
  FleetFilters,
  parseFilters,
  writeFilters,
} from './filters';

/** Query parameter holding the id of the cluster whose details are open. */
export const CLUSTER_PARAM = 'cluster';

/** The page's filters and selected cluster, read from and written to the URL query string. */
export interface FleetFiltersState {
  filters: FleetFilters;
  /** Merges `update` into the filters; `replace` replaces the history entry (e.g. while typing). */
  setFilters: (
    update: Partial<FleetFilters>,
    options?: { replace?: boolean },
  ) => void;
  clearFilters: () => void;
  selectedClusterId?: string;
  selectCluster: (clusterId?: string) => void;
}

export function useFleetFilters(): FleetFiltersState {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const setFilters = useCallback(
    (update: Partial<FleetFilters>, options?: { replace?: boolean }) =>
      setParams(
        prev => writeFilters(prev, { ...parseFilters(prev), ...update }),
        { replace: options?.replace },
      ),
    [setParams],
  );
  const clearFilters = useCallback(
    () => setParams(prev => writeFilters(prev, EMPTY_FILTERS)),
    [setParams],
  );
  const selectCluster = useCallback(
    (clusterId?: string) =>
      setParams(prev => {
        const next = new URLSearchParams(prev);
        if (clusterId) next.set(CLUSTER_PARAM, clusterId);
        else next.delete(CLUSTER_PARAM);
        return next;
      }),
    [setParams],
  );
  return {
    filters,
    setFilters,
    clearFilters,
    selectedClusterId: params.get(CLUSTER_PARAM) ?? undefined,
    selectCluster,
  };
}
