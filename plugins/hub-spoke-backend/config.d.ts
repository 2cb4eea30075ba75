import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Hub & Spoke plugin. */
  hubSpoke?: {
    /**
     * How often every hub (and, later, every cluster) is polled in the background.
     * Requests are answered from the last snapshot. Default: 30 seconds.
     */
    refreshInterval?: HumanDuration | string;
    /**
     * Budget for any single hub or cluster request. A hub that does not answer within it is reported
     * with status `timeout`; the others are still served. Default: 5 seconds.
     */
    requestTimeout?: HumanDuration | string;
    /**
     * How long a caller's permission decisions (hub-spoke.topology.read, hub-spoke.cluster.read) are reused for
     * requests with the same token, so a burst of GETs asks the permission policy once. A policy change or a revoked
     * grant applies to that token after at most this long. 0 asks on every request. Default: 5 seconds; max 60.
     */
    permissionCacheTtl?: HumanDuration | string;
    /**
     * Most hub and cluster reads in flight at once during a refresh. Default: 64.
     */
    concurrency?: number;
    /**
     * Certificates that expire within this many days are flagged (and expired ones too). Default: 30.
     */
    certificateExpiryWarningDays?: number;
    /**
     * Per-cluster settings Argo CD doesn't hold, matched by Argo CD cluster name (a hub's own cluster by the hub name).
     */
    clusters?: Array<{
      /** Argo CD cluster name. */
      name: string;
      /** The cluster's network CIDR(s): overrides the Argo CD cluster annotation `hub-spoke/cidr`. */
      cidr?: string | string[];
    }>;
    /**
     * The hubs: one per Argo CD instance (usually one per region).
     *
     * Direct reads of clusters' own Kubernetes APIs use Backstage's `kubernetes.clusterLocatorMethods` entries of
     * `type: config`, matched by name. Supported there: `authProvider: serviceAccount` with
     * `serviceAccountToken`, and `url`, `caData` (base64 PEM), `caFile`, `skipTLSVerify`. Entries with other
     * auth providers (aws, azure, google, oidc, ...) are reported with api status `error` saying so; Argo CD data
     * for them is still shown.
     */
    hubs?: Array<{
      /**
       * The hub's name. Argo CD's own cluster ("in-cluster") is reported under this name.
       * A DNS-1123 label, unique among hubs.
       */
      name: string;
      /** How to reach the hub's Argo CD API server. */
      argocd: {
        /** Base URL of the Argo CD API server, e.g. https://argocd.example.com. */
        url: string;
        /**
         * Argo CD API token (an account or project token with read access to applications and clusters).
         * @visibility secret
         */
        token: string;
        /**
         * PEM CA certificate(s) to trust for the Argo CD server, either PEM text or base64-encoded PEM (as in a
         * kubeconfig). Default: the system's trusted CAs.
         * @visibility secret
         */
        caData?: string;
        /** Path to a PEM CA file to trust for the Argo CD server. */
        caFile?: string;
        /** Skip TLS verification of the Argo CD server. Only for development. Default: false. */
        skipTLSVerify?: boolean;
        /** Only read applications of these Argo CD projects (sent as `projects`). Default: all. */
        projects?: string[];
        /** Only read applications matching this label selector (sent as `selector`). Default: all. */
        selector?: string;
      };
    }>;
  };
}
