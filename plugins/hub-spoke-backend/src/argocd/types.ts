/**
 * The subset of Argo CD's v1alpha1 REST types the plugin reads (field names as in Argo CD's swagger).
 * Everything is optional because Argo CD drops empty fields (Go `omitempty`).
 */

export interface ArgoConnectionState {
  status?: string;
  message?: string;
  attemptedAt?: string;
}

export interface ArgoCluster {
  server?: string;
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  info?: {
    connectionState?: ArgoConnectionState;
    serverVersion?: string;
    applicationsCount?: number;
  };
  /** Deprecated copies Argo CD still sends. */
  connectionState?: ArgoConnectionState;
  serverVersion?: string;
}

export interface ArgoClusterList {
  items?: ArgoCluster[] | null;
}

export interface ArgoApplicationSource {
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
}

export interface ArgoApplication {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    project?: string;
    destination?: { server?: string; name?: string; namespace?: string };
    source?: ArgoApplicationSource;
    sources?: ArgoApplicationSource[];
  };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    summary?: { externalURLs?: string[] };
    operationState?: {
      phase?: string;
      finishedAt?: string;
      startedAt?: string;
    };
  };
}

export interface ArgoApplicationList {
  items?: ArgoApplication[] | null;
}

export interface ArgoVersion {
  Version?: string;
}
