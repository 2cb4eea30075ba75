/**
 * A hub cluster's own Kubernetes API with the scaffolder's apply credential (`hubSpoke.hubs[].apply`), through
 * @kubernetes/client-node: Argo CD cluster Secrets and Applications in Argo CD's namespace (read, list, server-side
 * apply, delete; each with `dryRun` where the API has it). Every request has a timeout. Errors become
 * @backstage/errors classes whose messages never hold the token; nothing here logs.
 */
import {
  ApiException,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  createConfiguration,
} from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import {
  kubeConfigFor,
  kubernetesStatusMessage,
  toBackstageError,
} from '@hub-spoke/plugin-hub-spoke-node';
import { APPLY_RBAC_DOC, HubApplyAccess } from '../config';
import { ARGOCD_SECRET_TYPE_LABEL, FIELD_MANAGER } from '../ids';

/** An Argo CD cluster Secret as read from the hub: its name and the cluster it registers. */
export interface HubClusterSecret {
  secretName: string;
  /** The cluster name (data.name; the server when empty). */
  name: string;
  server: string;
  resourceVersion?: string;
}

/** How long one request to a hub may take by default. */
export const HUB_REQUEST_TIMEOUT_MS = 30_000;

/** What the apply transaction needs of a hub (HubKubernetesClient, or a fake in tests). */
export interface HubObjects {
  /** The hub's name, for messages. */
  readonly hub: string;
  /** The object as stored, or undefined when it does not exist. */
  read(object: KubernetesObject): Promise<KubernetesObject | undefined>;
  /** Server-side apply (field manager hub-spoke-scaffolder, no force); `dryRun` lets the hub check without storing. */
  apply(
    object: KubernetesObject,
    options?: { dryRun?: boolean },
  ): Promise<KubernetesObject>;
  /** Deletes the object; `dryRun` lets the hub check without deleting. */
  delete(
    object: KubernetesObject,
    options?: { dryRun?: boolean },
  ): Promise<void>;
}

const decode = (v: string | undefined) =>
  v ? Buffer.from(v, 'base64').toString('utf8') : '';

/** `Kind namespace/name`, as messages name an object. */
export function objectRef(object: KubernetesObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata?.name}`;
}

/** The parts of an object that address it (what read and delete send). */
function header(object: KubernetesObject) {
  return {
    apiVersion: object.apiVersion!,
    kind: object.kind!,
    metadata: {
      name: object.metadata!.name!,
      namespace: object.metadata?.namespace,
    },
  };
}

const isTimeout = (e: unknown) =>
  e instanceof Error &&
  (e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    (e as { type?: string }).type === 'aborted');

export class HubKubernetesClient implements HubObjects {
  private readonly objects: KubernetesObjectApi;
  private readonly timeoutMs: number;

  constructor(
    private readonly access: HubApplyAccess,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? HUB_REQUEST_TIMEOUT_MS;
    const timeoutMs = this.timeoutMs;
    const kc = kubeConfigFor(access);
    // As kc.makeApiClient does, plus a timeout on every request.
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration<{}>(access.url, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return context;
          },
          post: async (context: ResponseContext) => context,
        },
      ],
    });
    this.objects = new KubernetesObjectApi(configuration);
  }

  get hub(): string {
    return this.access.name;
  }

  /** Every Argo CD cluster Secret in the namespace. */
  async listClusterSecrets(namespace: string): Promise<HubClusterSecret[]> {
    const list = await this.call(
      `list the cluster Secrets in ${namespace}`,
      () =>
        this.objects.list<KubernetesObject & { data?: Record<string, string> }>(
          'v1',
          'Secret',
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          `${ARGOCD_SECRET_TYPE_LABEL}=cluster`,
        ),
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

  async read(object: KubernetesObject): Promise<KubernetesObject | undefined> {
    try {
      return await this.objects.read(header(object));
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return undefined;
      throw this.error(e, `read ${objectRef(object)}`);
    }
  }

  async apply(
    object: KubernetesObject,
    options: { dryRun?: boolean } = {},
  ): Promise<KubernetesObject> {
    return this.call(`apply ${objectRef(object)}`, () =>
      this.objects.patch(
        object,
        undefined,
        options.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  async delete(
    object: KubernetesObject,
    options: { dryRun?: boolean } = {},
  ): Promise<void> {
    await this.call(`delete ${objectRef(object)}`, () =>
      this.objects.delete(
        header(object),
        undefined,
        options.dryRun ? 'All' : undefined,
      ),
    );
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.error(e, what);
    }
  }

  /**
   * The error of a failed call: a 401 or 403 says which credential to fix (the apply one, never the Kubernetes
   * plugin's), a timeout says so, the rest as toBackstageError words them.
   */
  private error(e: unknown, what: string): Error {
    const where = `hub ${this.access.name} (${this.access.url})`;
    if (e instanceof ApiException && (e.code === 401 || e.code === 403)) {
      const reason = kubernetesStatusMessage(e.body) ?? `HTTP ${e.code}`;
      let hint = '';
      if (e.code === 401)
        hint = ` (the hub rejected the token of ${this.access.configKey})`;
      else if (/ cannot \S+ resource /.test(reason))
        hint = ` (the service account of ${this.access.configKey} needs the Role of ${APPLY_RBAC_DOC})`;
      return new NotAllowedError(
        `Could not ${what} on ${where}: ${reason}${hint}`,
      );
    }
    if (isTimeout(e)) {
      const ms = this.timeoutMs;
      return new Error(
        `Could not ${what} on ${where}: no answer within ${
          ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`
        }`,
      );
    }
    return toBackstageError(e, what, where, { rejectedBy: 'the hub' });
  }
}
