/**
 * Add-ons: one Argo CD ApplicationSet per add-on on the hub, whose cluster generator selects the clusters labelled
 * `hub-spoke/addon-<name>: "enabled"`. Labelling a cluster Secret is all it takes to install an add-on on a spoke.
 */
import { ADDON_LABEL_PREFIX } from '../ids';
import { AddonName } from './types';

/** The Helm chart of each add-on (pinned versions: bump them in a pull request like any other change). @public */
export const ADDON_CHARTS: Record<
  AddonName,
  {
    repoURL: string;
    chart: string;
    targetRevision: string;
    namespace: string;
    releaseName: string;
    values?: Record<string, unknown>;
  }
> = {
  'cert-manager': {
    repoURL: 'https://charts.jetstack.io',
    chart: 'cert-manager',
    targetRevision: 'v1.21.1',
    namespace: 'cert-manager',
    releaseName: 'cert-manager',
    values: { crds: { enabled: true } },
  },
  'istio-ingress': {
    repoURL: 'https://istio-release.storage.googleapis.com/charts',
    chart: 'gateway',
    targetRevision: '1.30.3',
    namespace: 'istio-ingress',
    // The release name gives the pods the label istio=ingressgateway that the Istio Gateway selects.
    releaseName: 'istio-ingressgateway',
  },
  'external-dns': {
    repoURL: 'https://kubernetes-sigs.github.io/external-dns',
    chart: 'external-dns',
    targetRevision: '1.16.1',
    namespace: 'external-dns',
    releaseName: 'external-dns',
    values: {
      sources: ['service', 'ingress', 'gateway-httproute', 'istio-gateway'],
      policy: 'upsert-only',
    },
  },
  'external-secrets': {
    repoURL: 'https://charts.external-secrets.io',
    chart: 'external-secrets',
    // 0.16 serves external-secrets.io/v1beta1, the version of the ExternalSecrets this module writes.
    targetRevision: '0.16.2',
    namespace: 'external-secrets',
    releaseName: 'external-secrets',
    values: { installCRDs: true },
  },
};

/** The label that switches an add-on on for a cluster. @public */
export function addonLabel(addon: AddonName): string {
  return `${ADDON_LABEL_PREFIX}${addon}`;
}

/** Name of the add-on's ApplicationSet. @public */
export function addonApplicationSetName(addon: AddonName): string {
  return `addon-${addon}`;
}

/** The add-on's ApplicationSet: one Application `<cluster>-<addon>` per labelled cluster. @public */
export function buildAddonApplicationSet(
  addon: AddonName,
  argocdNamespace: string,
  project = 'default',
) {
  const c = ADDON_CHARTS[addon];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: {
      name: addonApplicationSetName(addon),
      namespace: argocdNamespace,
    },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          clusters: {
            selector: { matchLabels: { [addonLabel(addon)]: 'enabled' } },
          },
        },
      ],
      template: {
        metadata: {
          name: `{{.name}}-${addon}`,
          labels: {
            'hub-spoke/addon': addon,
            'hub-spoke/cluster': '{{.name}}',
          },
        },
        spec: {
          project,
          source: {
            repoURL: c.repoURL,
            chart: c.chart,
            targetRevision: c.targetRevision,
            helm: {
              releaseName: c.releaseName,
              ...(c.values ? { valuesObject: c.values } : {}),
            },
          },
          destination: { server: '{{.server}}', namespace: c.namespace },
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
          },
        },
      },
    },
  };
}
