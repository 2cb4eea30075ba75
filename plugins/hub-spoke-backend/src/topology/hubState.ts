import { HubStatus } from '@hub-spoke/plugin-hub-spoke-common';
import { ArgoApplication, ArgoCluster } from '../argocd/types';

/** What the backend knows of one hub: its last poll's outcome and its last successful reading. */
export interface HubState {
  name: string;
  url: string;
  status: HubStatus;
  message?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** The last successful reading, kept when later polls fail. */
  reading?: {
    version?: string;
    clusters: ArgoCluster[];
    applications: ArgoApplication[];
  };
}
