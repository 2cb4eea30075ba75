/** The add-ons a spoke can have, in the order they are listed and labelled. @public */
export const ADDON_NAMES = [
  'cert-manager',
  'istio-ingress',
  'external-dns',
  'external-secrets',
] as const;
/** The name of an add-on: one of ADDON_NAMES. @public */
export type AddonName = (typeof ADDON_NAMES)[number];

/** How the hub's Argo CD authenticates to the spoke. @public */
export type SpokeAuth =
  | { type: 'aws'; clusterName: string; roleARN: string }
  | { type: 'azure'; clientId: string; tenantId?: string }
  | {
      type: 'exec';
      command: string;
      args: string[];
      env: Record<string, string>;
      apiVersion: string;
    }
  | {
      type: 'bearerToken';
      secretStore?: {
        kind: 'ClusterSecretStore' | 'SecretStore';
        name: string;
      };
      remoteRef?: { key: string; property?: string };
    };

/** TLS to the spoke's API server: its CA (base64 PEM), or no verification. @public */
export type SpokeTls = { caData: string } | { insecure: true };

/** Ingress flavours. @public */
export type IngressKind = 'istio' | 'gateway-api';

/** Where the files that Argo CD delivers to the spoke live. @public */
export interface GitOpsSource {
  repoURL: string;
  path: string;
  targetRevision: string;
}

/** A validated onboarding request: everything the manifest builders need. @public */
export interface SpokeSpec {
  name: string;
  /** API server URL without a trailing slash. */
  server: string;
  hub: string;
  argocdNamespace: string;
  auth: SpokeAuth;
  tls?: SpokeTls;
  /** The user's labels for the cluster Secret (add-on labels are added by the builder). */
  labels: Record<string, string>;
  addons: AddonName[];
  /** Canonical CIDRs. */
  cidrs: string[];
  ingressDomain?: string;
  issuer: string;
  ingress: IngressKind;
  gatewayClassName: string;
  gitops?: GitOpsSource;
  /** Argo CD project of the ingress Application. */
  project: string;
  owner: string;
  system?: string;
}
