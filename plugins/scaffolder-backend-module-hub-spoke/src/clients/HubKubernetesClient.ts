/**
 * A hub cluster's own Kubernetes API, through @kubernetes/client-node: Argo CD cluster Secrets in Argo CD's namespace
 * (list, server-side apply, delete). Errors become @backstage/errors classes whose messages never hold the token.
 */
import {
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1Secret,
} from '@kubernetes/client-node';
import {
  kubeConfigFor,
  toBackstageError,
} from '@hub-spoke/plugin-hub-spoke-node';
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

const decode = (v: string | undefined) =>
  v ? Buffer.from(v, 'base64').toString('utf8') : '';

export class HubKubernetesClient {
  private readonly core: CoreV1Api;
  private readonly objects: KubernetesObjectApi;

  constructor(private readonly access: HubKubernetesAccess) {
    const kc = kubeConfigFor(access);
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
      throw toBackstageError(
        e,
        what,
        `hub ${this.access.name} (${this.access.url})`,
        { rejectedBy: 'the hub' },
      );
    }
  }
}

export type { V1Secret };
