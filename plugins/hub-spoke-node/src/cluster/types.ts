/**
 * How to reach one cluster's Kubernetes API, and what Backstage's kubernetes plugin knows about it: one `type: config`
 * entry of `kubernetes.clusterLocatorMethods`. Holds the token: never log it or put it in a message.
 *
 * @public
 */
export interface ClusterAccess {
  name: string;
  /** API server URL, without a trailing slash. */
  url: string;
  /** The auth provider: `authMetadata["kubernetes.io/auth-provider"]` if set, else `authProvider`. */
  authProvider: string;
  /** PEM text of the CA to trust (from caData, as PEM or base64 PEM, or from caFile). */
  ca?: string;
  skipTLSVerify: boolean;
  /** Bearer token (serviceAccountToken, or authMetadata.serviceAccountToken). Never put it in a message. */
  token?: string;
  /**
   * Set by the strict reader when the hub-spoke backend cannot read this cluster with its configuration: why, for
   * the user (its CA is then not read).
   */
  unsupported?: string;
  /** For `authProvider: oidc`: the key under `auth.oidc` the frontend sends the user's token in. */
  oidcTokenProvider?: string;
  /** For `authProvider: aws`. */
  assumeRole?: string;
  /** For `authProvider: aws`. */
  externalId?: string;
  skipMetricsLookup?: boolean;
  dashboardUrl?: string;
  dashboardApp?: string;
  /** The `kubernetes.io/…` keys of the entry's `authMetadata` block whose values are strings (others are dropped). */
  authMetadata?: Record<string, string>;
}

/**
 * A cluster entry read leniently ({@link ReadClusterAccessOptions.lenient}): what could be read of it. Its url and
 * auth provider may be missing; a value that could not be read is left out and named in `problems`.
 *
 * @public
 */
export type LenientClusterAccess = Omit<
  ClusterAccess,
  'url' | 'authProvider' | 'unsupported'
> & {
  url?: string;
  authProvider?: string;
  /** Why values were left out: InputError messages naming the key. */
  problems: string[];
};

/**
 * Options of {@link (readClusterAccess:1)}.
 *
 * @public
 */
export interface ReadClusterAccessOptions {
  /**
   * Never throw for a cluster entry: return what could be read of it, with `problems` (url and auth provider become
   * optional, names may repeat, `unsupported` is not set). Errors in the list of locator methods itself still throw.
   */
  lenient?: boolean;
  /** Read the token (default true); false for readers that only publish non-secret fields. */
  credentials?: boolean;
}
