/**
 * The scaffolder actions' policy (hub-spoke:spoke:onboard, hub-spoke:spoke:offboard, hub-spoke:app:publish) and their
 * apply-mode credential. Who may run which action on which hub or cluster is decided by the permission policy
 * (hub-spoke.spoke.onboard, hub-spoke.spoke.offboard, hub-spoke.app.publish, hub-spoke.apply); what any run may
 * ask a hub to do is bounded here. The defaults are the safe ones: what is not listed is refused, with a message
 * naming the key to set.
 */
interface HubSpokeScaffolderPolicy {
  /**
   * Git repository URLs an app may be published from (`source.repoURL` of hub-spoke:app:publish). Patterns: `*`
   * matches within one path segment, `**` across segments, e.g. `https://github.com/acme/*`. Default: none (every
   * publish is refused until this is set).
   */
  sourceRepos?: string[];
  /**
   * Git repository URLs Argo CD may deliver the generated files from (`gitops.repoURL` of onboard and publish).
   * Same patterns. Default: none.
   */
  gitopsRepos?: string[];
  /**
   * Argo CD projects the generated Applications may belong to. When unset, any project except `default` (whose
   * destinations and sources are usually unrestricted); `default` only when listed here.
   */
  projects?: string[];
  /**
   * Whether a publish may deploy to the hub itself (`exposure: hub` puts the traffic split's Application on the hub).
   * Default: false.
   */
  allowHubDestination?: boolean;
  /**
   * Host names the hub's shared gateway may serve for `exposure: hub` (the host must be one of them or under one).
   * Default: none (exposure hub refused).
   */
  hubGatewayDomains?: string[];
  /**
   * API server hosts a spoke may have (`server` of hub-spoke:spoke:onboard): exact hosts, wildcards such as
   * `*.azmk8s.io` / `*.eks.amazonaws.com`, or IP CIDRs such as `10.0.0.0/8`. Argo CD sends the credential it obtains
   * for the spoke to this host. Default: none (every onboarding refused until this is set).
   */
  serverHosts?: string[];
  /**
   * `auth.type: exec` of hub-spoke:spoke:onboard runs a command inside Argo CD's pods, which hold every cluster
   * credential.
   */
  exec?: {
    /**
     * The commands (and exact argument lists) allowed. Default: the `argocd-k8s-auth` forms onboarding itself writes
     * for AKS (`azure`), EKS (`aws ...`) and GKE (`gcp`).
     */
    commands?: Array<{
      command: string;
      /** The argument list, exactly; `*` in an element matches any single value. */
      args?: string[];
    }>;
    /** Whether exec is allowed in apply mode (written to the hub at once, with no review). Default: false. */
    allowInApplyMode?: boolean;
  };
  /**
   * Key prefix the secret-store reference (`auth.remoteRef.key`) of a bearer token must have, so a template user
   * cannot point the hub's ExternalSecret at another secret of the store. Default: `hub-spoke/`.
   */
  remoteRefKeyPrefix?: string;
}

export interface Config {
  hubSpoke?: {
    /** Policy of the scaffolder actions for every hub (a hub's own `scaffolder` block overrides keys). */
    scaffolder?: HubSpokeScaffolderPolicy;
    hubs?: Array<{
      name: string;
      /** This hub's policy: its keys replace those of `hubSpoke.scaffolder`. */
      scaffolder?: HubSpokeScaffolderPolicy;
      /**
       * The credential apply mode uses on this hub's Kubernetes API: a service account of its own, separate from the
       * one the Kubernetes plugin uses, bound by a Role in Argo CD's namespace to exactly what the actions do (see the
       * README's Security section). Without it, apply mode is refused on this hub.
       */
      apply?: {
        /** The hub's Kubernetes API server URL. */
        url: string;
        /**
         * The service account token.
         * @visibility secret
         */
        token: string;
        /** The CA of the API server: PEM, or base64 PEM. */
        caData?: string;
        /** A file holding the CA (PEM). */
        caFile?: string;
        /** Argo CD's namespace on the hub. Default: argocd. */
        namespace?: string;
      };
    }>;
  };
}
