/**
 * A hub cluster's own Kubernetes API, through @kubernetes/client-node: Argo CD cluster Secrets in Argo CD's namespace
 * (list, server-side apply, delete). Errors become @backstage/errors classes whose messages never hold the token.
 */
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1Secret,
} from '@kubernetes/client-node';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { HubKubernetesAccess } from '../config';
import { ARGOCD_SECRET_TYPE_LABEL, FIELD_MANAGER } from '../ids';

/** An Argo CD cluster Secret as read from the hub: its name and the cluster it registers. */
export interface HubClusterSecret {
  secretName: string;
  /** The cluster name (data.name; the server when empty). */
  name: string;
  server: string;
  resourceVersion?: string;
}

function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim().slice(0, 300) || undefined;
    }
  }
  if (
    parsed &&
    typeof parsed === 'object' &&
    typeof (parsed as { message?: unknown }).message === 'string'
  ) {
    return (parsed as { message: string }).message;
  }
  return undefined;
}

const decode = (v: string | undefined) =>
  v ? Buffer.from(v, 'base64').toString('utf8') : '';

export class HubKubernetesClient {
  private readonly core: CoreV1Api;
  private readonly objects: KubernetesObjectApi;

  constructor(private readonly access: HubKubernetesAccess) {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: access.name,
          server: access.url,
          ...(access.caData ? { caData: access.caData } : {}),
          ...(access.caFile ? { caFile: access.caFile } : {}),
          skipTLSVerify: access.skipTLSVerify,
        },
      ],
      users: [{ name: access.name, token: access.token }],
      contexts: [
        { name: access.name, cluster: access.name, user: access.name },
      ],
      currentContext: access.name,
    });
    this.core = kc.makeApiClient(CoreV1Api);
    this.objects = KubernetesObjectApi.makeApiClient(kc);
  }

  /** Every Argo CD cluster Secret in the namespace. */
  async listClusterSecrets(namespace: string): Promise<HubClusterSecret[]> {
    const list = await this.call(
      `list the cluster Secrets in ${namespace}`,
      () =>
        this.core.listNamespacedSecret({
          namespace,
          labelSelector: `${ARGOCD_SECRET_TYPE_LABEL}=cluster`,
        }),
    );
    return (list.items ?? []).map(s => {
      const server = decode(s.data?.server).trim().replace(/\/+$/, '');
      return {
        secretName: s.metadata?.name ?? '',
        name: decode(s.data?.name) || server,
        server,
        resourceVersion: s.metadata?.resourceVersion,
      };
    });
  }

  /** Server-side apply (field manager hub-spoke-scaffolder, no force); `dryRun` lets the hub check without storing. */
  async apply<T extends KubernetesObject>(
    object: T,
    options: { dryRun?: boolean } = {},
  ): Promise<T> {
    const what = `apply ${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}`;
    return this.call(what, () =>
      this.objects.patch<T>(
        object,
        undefined,
        options.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  async deleteSecret(
    namespace: string,
    name: string,
    options: { dryRun?: boolean } = {},
  ): Promise<void> {
    await this.call(`delete Secret ${namespace}/${name}`, () =>
      this.core.deleteNamespacedSecret({
        namespace,
        name,
        ...(options.dryRun ? { dryRun: 'All' } : {}),
      }),
    );
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const where = `hub ${this.access.name} (${this.access.url})`;
      if (e instanceof ApiException) {
        const message = statusMessage(e.body) ?? `HTTP ${e.code}`;
        const text = `Could not ${what} on ${where}: ${message}`;
        if (e.code === 409) throw new ConflictError(text);
        if (e.code === 404) throw new NotFoundError(text);
        if (e.code === 401 || e.code === 403) {
          throw new NotAllowedError(
            `${text} (the hub rejected the serviceAccountToken of its kubernetes.clusterLocatorMethods entry)`,
          );
        }
        throw new Error(text);
      }
      throw new Error(`Could not ${what} on ${where}: ${(e as Error).message}`);
    }
  }
}

export type { V1Secret };
