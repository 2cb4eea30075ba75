import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  Topology,
  TOPOLOGY_SIGNAL_CHANNEL,
} from '@hub-spoke/plugin-hub-spoke-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { hubSpokeApiRef } from '../api';

/** State of the topology fetch; `value` is kept while a refresh is under way. */
export interface TopologyState {
  value?: Topology;
  loading: boolean;
  error?: Error;
  /** Fetches the topology again. */
  retry: () => void;
  /** True when the app has signals: the topology is fetched again whenever the backend announces a new snapshot. */
  live: boolean;
}

/**
 * Fetches the fleet topology from the backend, and again on every snapshot the backend announces on the
 * `hub-spoke:topology` signal channel. Shared by the table view and, later, the graph view.
 */
export function useTopology(): TopologyState {
  const api = useApi(hubSpokeApiRef);
  const { lastSignal, isSignalsAvailable } = useSignal(TOPOLOGY_SIGNAL_CHANNEL);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getTopology(),
    [api, lastSignal],
  );
  return { value, loading, error, retry, live: isSignalsAvailable };
}
