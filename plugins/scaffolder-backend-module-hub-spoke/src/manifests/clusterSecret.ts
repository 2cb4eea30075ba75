/**
 * The Argo CD declarative cluster Secret of a spoke (and, for a bearer token kept in a secret store, the
 * ExternalSecret that builds it).
 */
import {
  ANNOTATION_CIDR,
  ANNOTATION_INGRESS_DOMAIN,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ADDON_LABEL_PREFIX, ARGOCD_SECRET_TYPE_LABEL } from '../ids';
import { sortedRecord } from './serialize';
import { SpokeSpec } from './types';

/** Placeholder the ExternalSecret template replaces with the token read from the secret store. @public */
export const EXTERNAL_SECRET_TOKEN_TEMPLATE = '{{ .token }}';

/** The API version of the exec credential plugins Argo CD runs. @public */
export const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

/** Name of the cluster Secret (and of the ExternalSecret that makes it). @public */
export function clusterSecretName(spec: Pick<SpokeSpec, 'name'>): string {
  return `cluster-${spec.name}`;
}

/** Labels of the cluster Secret: the secret-type label, the user's labels and one per add-on, sorted. @public */
export function clusterSecretLabels(spec: SpokeSpec): Record<string, string> {
  const labels: Record<string, string> = {
    ...spec.labels,
    [ARGOCD_SECRET_TYPE_LABEL]: 'cluster',
  };
  for (const addon of spec.addons)
    labels[`${ADDON_LABEL_PREFIX}${addon}`] = 'enabled';
  return sortedRecord(labels);
}

/**
 * Annotations of the cluster Secret (Argo CD copies them onto the cluster; the hub-spoke backend reads them).
 *
 * @public
 */
export function clusterSecretAnnotations(
  spec: SpokeSpec,
): Record<string, string> {
  return sortedRecord({
    ...(spec.cidrs.length > 0
      ? { [ANNOTATION_CIDR]: spec.cidrs.join(',') }
      : {}),
    ...(spec.ingressDomain
      ? { [ANNOTATION_INGRESS_DOMAIN]: spec.ingressDomain }
      : {}),
  });
}

/**
 * Argo CD's ClusterConfig for the spoke. `bearerToken` is only ever the real token in apply mode (sent to the hub,
 * never written) or the ExternalSecret placeholder.
 *
 * @public
 */
export function clusterConfig(
  spec: SpokeSpec,
  bearerToken?: string,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const auth = spec.auth;
  switch (auth.type) {
    case 'aws':
      config.awsAuthConfig = {
        clusterName: auth.clusterName,
        roleARN: auth.roleARN,
      };
      break;
    case 'azure':
      config.execProviderConfig = {
        command: 'argocd-k8s-auth',
        args: ['azure'],
        env: sortedRecord({
          AAD_LOGIN_METHOD: 'workloadidentity',
          AZURE_CLIENT_ID: auth.clientId,
          ...(auth.tenantId ? { AZURE_TENANT_ID: auth.tenantId } : {}),
        }),
        apiVersion: EXEC_API_VERSION,
      };
      break;
    case 'exec':
      config.execProviderConfig = {
        command: auth.command,
        args: auth.args,
        env: sortedRecord(auth.env),
        apiVersion: auth.apiVersion,
      };
      break;
    case 'bearerToken':
      if (!bearerToken)
        throw new Error(
          'a bearer token cluster config needs the token (or its template)',
        );
      config.bearerToken = bearerToken;
      break;
    default:
      throw new Error(`unknown auth type ${(auth as { type: string }).type}`);
  }
  if (spec.tls) {
    config.tlsClientConfig =
      'caData' in spec.tls
        ? { insecure: false, caData: spec.tls.caData }
        : { insecure: true };
  }
  return config;
}

/** The cluster Secret's `stringData`: name, server and the config as JSON. */
function stringData(
  spec: SpokeSpec,
  bearerToken?: string,
): Record<string, string> {
  return {
    name: spec.name,
    server: spec.server,
    config: JSON.stringify(clusterConfig(spec, bearerToken)),
  };
}

/**
 * The declarative cluster Secret. With a bearer token it holds the token: only ever sent to the hub (apply mode),
 * never written to a file.
 *
 * @public
 */
export function buildClusterSecret(
  spec: SpokeSpec,
  options: { bearerToken?: string } = {},
) {
  const annotations = clusterSecretAnnotations(spec);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: clusterSecretName(spec),
      namespace: spec.argocdNamespace,
      labels: clusterSecretLabels(spec),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    type: 'Opaque',
    stringData: stringData(spec, options.bearerToken),
  };
}

/** The same Secret with `data` (base64) instead of `stringData`, as it is stored and as it is applied. @public */
export function withData<T extends { stringData: Record<string, string> }>(
  secret: T,
) {
  const { stringData: sd, ...rest } = secret;
  return {
    ...rest,
    data: Object.fromEntries(
      Object.entries(sd).map(([k, v]) => [
        k,
        Buffer.from(v, 'utf8').toString('base64'),
      ]),
    ),
  };
}

/**
 * For a bearer token kept in a secret store: an ExternalSecret (external-secrets.io/v1beta1) that reads the token and
 * renders the cluster Secret, so the token never reaches Git.
 *
 * @public
 */
export function buildClusterExternalSecret(spec: SpokeSpec) {
  if (
    spec.auth.type !== 'bearerToken' ||
    !spec.auth.secretStore ||
    !spec.auth.remoteRef
  ) {
    throw new Error(
      'an ExternalSecret needs auth type bearerToken with secretStore and remoteRef',
    );
  }
  const annotations = clusterSecretAnnotations(spec);
  const { key, property } = spec.auth.remoteRef;
  return {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: {
      name: clusterSecretName(spec),
      namespace: spec.argocdNamespace,
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: {
        kind: spec.auth.secretStore.kind,
        name: spec.auth.secretStore.name,
      },
      target: {
        name: clusterSecretName(spec),
        creationPolicy: 'Owner',
        template: {
          engineVersion: 'v2',
          type: 'Opaque',
          metadata: {
            labels: clusterSecretLabels(spec),
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          },
          data: stringData(spec, EXTERNAL_SECRET_TOKEN_TEMPLATE),
        },
      },
      data: [
        {
          secretKey: 'token',
          remoteRef: { key, ...(property ? { property } : {}) },
        },
      ],
    },
  };
}
