import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The hub-spoke entity provider: hub and spoke clusters as Resources, one System per hub. */
      hubSpoke?: {
        /** Owner of every emitted entity. Default `platform-team`. */
        owner?: string;
        /**
         * System every cluster Resource is part of. When absent, one System per hub (named after the hub, titled
         * "<hub> fleet") is emitted and each cluster is part of its hub's.
         */
        system?: string;
        /** How often the fleet is read from the hub-spoke backend. Default every minute, 30 s timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Annotate each cluster Resource with its API server URL (`kubernetes.io/api-server`) and, for clusters with
         * a cluster entry (see `kubernetes`), the other annotations of Backstage's kubernetes `catalog` cluster
         * locator (CA, auth provider…). Whoever may read the Resource in the catalog sees them, whatever
         * `hub-spoke.cluster.read` allows, so this is off by default; turn it on for the `catalog` cluster locator.
         * Default false.
         */
        exportServerUrls?: boolean;
        /**
         * Copy each cluster's Argo CD labels (those that are valid Backstage labels) onto its Resource, where whoever
         * may read the Resource in the catalog sees them. Default false.
         */
        exportLabels?: boolean;
        /**
         * For Backstage's kubernetes `catalog` cluster locator: per cluster (matched by entity name, then by Argo CD
         * cluster name), the auth provider and CA the generated Resource is annotated with. The keys are those of a
         * `kubernetes.clusterLocatorMethods` config cluster; `type: config` clusters there are used too unless a
         * `type: catalog` method is configured. `serviceAccount` clusters get no locator annotations (the catalog
         * locator does not take them), and no token is ever copied into an annotation.
         */
        kubernetes?: {
          clusters?: Array<{
            /** Entity name (or Argo CD cluster name) of the cluster. */
            name: string;
            /** API server URL; default: the server Argo CD deploys to. */
            url?: string;
            /** aks, aws, azure, google, googleServiceAccount, oidc, or a custom auth strategy. */
            authProvider?: string;
            /** base64 PEM of the API server's CA (required: the catalog locator needs it). */
            caData?: string;
            /** For `oidc`: the key under `auth.oidc` the frontend sends the user's token in. */
            oidcTokenProvider?: string;
            /** For `aws`. */
            assumeRole?: string;
            /** For `aws`. */
            externalId?: string;
            skipMetricsLookup?: boolean;
            dashboardUrl?: string;
            dashboardApp?: string;
            /** Extra `kubernetes.io/…` annotations for the auth strategy (other keys are dropped). */
            authMetadata?: { [key: string]: string };
          }>;
        };
      };
    };
  };
}
