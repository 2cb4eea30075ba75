import { KubeConfig } from '@kubernetes/client-node';
import { ClusterAccess } from './types';

/**
 * The cluster's CA the way kubeconfig, `@kubernetes/client-node` and Backstage's
 * `kubernetes.io/api-server-certificate-authority` annotation take it: base64 of the PEM text. Undefined without a CA.
 *
 * @public
 */
export function caDataOf(
  access: Pick<ClusterAccess, 'ca'>,
): string | undefined {
  return access.ca ? Buffer.from(access.ca).toString('base64') : undefined;
}

/**
 * A `@kubernetes/client-node` KubeConfig with one context for the cluster: its server, its CA (PEM, handed to
 * client-node base64-encoded as caData) and its token. Plain http is accepted (client-node refuses it unless
 * skipTLSVerify is set; there is nothing to verify there).
 *
 * @public
 */
export function kubeConfigFor(
  access: Pick<
    ClusterAccess,
    'name' | 'url' | 'ca' | 'skipTLSVerify' | 'token'
  >,
): KubeConfig {
  const caData = caDataOf(access);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: access.name,
        server: access.url,
        ...(caData ? { caData } : {}),
        skipTLSVerify: access.skipTLSVerify || access.url.startsWith('http:'),
      },
    ],
    users: [
      {
        name: access.name,
        ...(access.token ? { token: access.token } : {}),
      },
    ],
    contexts: [{ name: access.name, cluster: access.name, user: access.name }],
    currentContext: access.name,
  });
  return kc;
}
