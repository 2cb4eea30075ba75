import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  type ConfigurationOptions,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
  V1Node,
  V1Service,
  VersionApi,
} from '@kubernetes/client-node';
import {
  ClusterAccess,
  kubeConfigFor,
  kubernetesStatusMessage,
} from '@hub-spoke/plugin-hub-spoke-node';
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import {
  classifyNetworkError,
  createAgent,
  UpstreamError,
} from '../http/fetchJson';
import {
  CERT_MANAGER_GROUP,
  ClusterObjects,
  GATEWAY_API_GROUP,
  ISTIO_GROUP,
} from './types';

export type { ClusterObjects } from './types';

const UPSTREAM = 'Kubernetes API';
const DEFAULT_PAGE_SIZE = 500;
/** A server that keeps handing out continue tokens is not trusted beyond this many pages. */
const MAX_PAGES = 200;

type CustomKey =
  | 'istioGateways'
  | 'virtualServices'
  | 'destinationRules'
  | 'serviceEntries'
  | 'gateways'
  | 'httpRoutes'
  | 'certificates';

/** The custom resources read cluster-wide, each in the version the backend understands. */
const CUSTOM_RESOURCES: Array<{
  key: CustomKey;
  group: string;
  version: string;
  plural: string;
}> = [
  {
    key: 'istioGateways',
    group: ISTIO_GROUP,
    version: 'v1',
    plural: 'gateways',
  },
  {
    key: 'virtualServices',
    group: ISTIO_GROUP,
    version: 'v1',
    plural: 'virtualservices',
  },
  {
    key: 'destinationRules',
    group: ISTIO_GROUP,
    version: 'v1',
    plural: 'destinationrules',
  },
  {
    key: 'serviceEntries',
    group: ISTIO_GROUP,
    version: 'v1',
    plural: 'serviceentries',
  },
  {
    key: 'gateways',
    group: GATEWAY_API_GROUP,
    version: 'v1',
    plural: 'gateways',
  },
  {
    key: 'httpRoutes',
    group: GATEWAY_API_GROUP,
    version: 'v1',
    plural: 'httproutes',
  },
  {
    key: 'certificates',
    group: CERT_MANAGER_GROUP,
    version: 'v1',
    plural: 'certificates',
  },
];

interface ListPage<T> {
  items?: T[];
  metadata?: { _continue?: string; continue?: string };
}

/** Raw text of an error response: client-node drops the body of a 401 (and keeps others only as text). */
interface Captured {
  errorBody?: string;
}

/** State of one read: its requests, and a signal that cancels every request still running once it has failed. */
class ReadContext {
  requests = 0;
  readonly controller = new AbortController();

  constructor() {
    // Every concurrent request listens for the cancellation: more than Node's default of 10.
    setMaxListeners(64, this.controller.signal);
  }
}

/**
 * Reads one cluster's Kubernetes API with @kubernetes/client-node: version, nodes, LoadBalancer/ExternalName Services
 * and the ingress and certificate custom resources, all concurrently. Every request is aborted after `timeoutMs`
 * (which closes its socket); every failure becomes an UpstreamError whose message never contains the token.
 */
export class KubernetesClusterReader {
  private readonly version?: VersionApi;
  private readonly core?: CoreV1Api;
  private readonly custom?: CustomObjectsApi;
  private readonly running = new Set<ReadContext>();
  /**
   * One keep-alive agent per cluster, reused by every request and poll. client-node would otherwise build a new
   * agent per request: a new TCP connection and full TLS handshake for each of the ~10 requests of every read.
   */
  private readonly agent?: http.Agent;

  private readonly pageSize: number;

  constructor(
    private readonly cluster: ClusterAccess,
    private readonly timeoutMs: number,
    options: { pageSize?: number } = {},
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (cluster.unsupported) return;
    const kc = kubeConfigFor(cluster);
    this.agent = createAgent(cluster.url, {
      ca: cluster.ca,
      skipTLSVerify: cluster.skipTLSVerify,
    });
    this.version = kc.makeApiClient(VersionApi);
    this.core = kc.makeApiClient(CoreV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  /** Reads everything at once; the first failure (other than a missing CRD) fails the read and cancels the rest. */
  async read(): Promise<ClusterObjects> {
    if (this.cluster.unsupported) {
      throw new UpstreamError('error', this.cluster.unsupported);
    }
    const ctx = new ReadContext();
    this.running.add(ctx);
    const missing = new Set<string>();

    const customList = async (
      r: (typeof CUSTOM_RESOURCES)[number],
    ): Promise<unknown[]> => {
      try {
        return await this.listAll<unknown>(
          ctx,
          `GET /apis/${r.group}/${r.version}/${r.plural}`,
          (_continue, options) =>
            this.custom!.listClusterCustomObject(
              {
                group: r.group,
                version: r.version,
                plural: r.plural,
                limit: this.pageSize,
                _continue,
              },
              options,
            ),
        );
      } catch (e) {
        if (e instanceof UpstreamError && e.statusCode === 404) {
          missing.add(r.group); // CRD not installed
          return [];
        }
        throw e;
      }
    };

    try {
      const [version, nodes, services, ...custom] = await Promise.all([
        this.request(ctx, 'GET /version', options =>
          this.version!.getCode({}, options),
        ),
        this.listAll<V1Node>(ctx, 'GET /api/v1/nodes', (_continue, options) =>
          this.core!.listNode({ limit: this.pageSize, _continue }, options),
        ),
        this.listAll<V1Service>(
          ctx,
          'GET /api/v1/services',
          (_continue, options) =>
            this.core!.listServiceForAllNamespaces(
              { limit: this.pageSize, _continue },
              options,
            ),
        ),
        ...CUSTOM_RESOURCES.map(customList),
      ]);
      const objects: ClusterObjects = {
        ...(version.gitVersion ? { gitVersion: version.gitVersion } : {}),
        nodes,
        services: services.filter(
          s =>
            s.spec?.type === 'LoadBalancer' || s.spec?.type === 'ExternalName',
        ),
        istioGateways: [],
        virtualServices: [],
        destinationRules: [],
        serviceEntries: [],
        gateways: [],
        httpRoutes: [],
        certificates: [],
        missingGroups: [...missing].sort(),
        requests: ctx.requests,
      };
      CUSTOM_RESOURCES.forEach((r, i) => {
        (objects[r.key] as unknown[]) = custom[i];
      });
      return objects;
    } finally {
      // Releases the sockets of requests still running after a failure.
      ctx.controller.abort();
      this.running.delete(ctx);
    }
  }

  /** Cancels the reads still running (they fail as cancelled). */
  close(): void {
    for (const ctx of this.running) ctx.controller.abort();
    this.agent?.destroy();
  }

  private async listAll<T>(
    ctx: ReadContext,
    label: string,
    fetchPage: (
      continueToken: string | undefined,
      options: ConfigurationOptions,
    ) => Promise<ListPage<T>>,
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let continueToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const pageToken = continueToken;
      const body = await this.request(ctx, label, options =>
        fetchPage(pageToken, options),
      );
      if (!body || !Array.isArray(body.items)) {
        throw new UpstreamError(
          'error',
          `${UPSTREAM} answered ${label} with a body that is not a list`,
        );
      }
      items.push(...body.items);
      continueToken =
        body.metadata?._continue || body.metadata?.continue || undefined;
      if (!continueToken || seen.has(continueToken)) return items;
      seen.add(continueToken);
    }
    throw new UpstreamError(
      'error',
      `${UPSTREAM} kept paginating ${label} beyond ${MAX_PAGES} pages`,
    );
  }

  /**
   * One HTTP request with its own deadline. The deadline aborts the request's AbortSignal (node-fetch then destroys
   * the socket) and, independently, settles the call, so a hung server can never hold the read beyond `timeoutMs`.
   */
  private async request<T>(
    ctx: ReadContext,
    label: string,
    send: (options: ConfigurationOptions) => Promise<T>,
  ): Promise<T> {
    if (ctx.controller.signal.aborted) {
      throw new UpstreamError('error', `${UPSTREAM} read was cancelled`);
    }
    ctx.requests++;
    const controller = new AbortController();
    const captured: Captured = {};
    const pre = async (context: RequestContext) => {
      context.setSignal(controller.signal);
      if (this.agent) context.setAgent(this.agent);
      return context;
    };
    const post = async (response: ResponseContext) => {
      if (response.httpStatusCode < 200 || response.httpStatusCode >= 300) {
        const text = await response.body.text();
        captured.errorBody = text;
        response.body = {
          text: async () => text,
          binary: async () => Buffer.from(text),
        };
      }
      return response;
    };
    // The object-parameter APIs take call-time middleware in the observable form.
    const middleware: ObservableMiddleware = {
      pre: context => new Observable(pre(context)),
      post: response => new Observable(post(response)),
    };

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new UpstreamError(
            'timeout',
            `${UPSTREAM} did not answer within ${this.timeoutMs} ms`,
          ),
        );
        controller.abort();
      }, this.timeoutMs);
    });
    let cancel: () => void = () => undefined;
    const cancelled = new Promise<never>((_, reject) => {
      cancel = () => {
        reject(new UpstreamError('error', `${UPSTREAM} read was cancelled`));
        controller.abort();
      };
    });
    ctx.controller.signal.addEventListener('abort', cancel, { once: true });
    // Whichever loses the race must not surface as an unhandled rejection.
    deadline.catch(() => undefined);
    cancelled.catch(() => undefined);

    const options: ConfigurationOptions = {
      middleware: [middleware],
      middlewareMergeStrategy: 'append',
    };
    try {
      return await Promise.race([send(options), deadline, cancelled]);
    } catch (e) {
      throw this.classify(e, label, captured);
    } finally {
      clearTimeout(timer);
      ctx.controller.signal.removeEventListener('abort', cancel);
    }
  }

  private classify(
    e: unknown,
    label: string,
    captured: Captured,
  ): UpstreamError {
    const error = this.toUpstreamError(e, label, captured);
    const token = this.cluster.token;
    if (token && error.message.includes(token)) {
      return new UpstreamError(
        error.kind,
        error.message.split(token).join('***'),
        error.statusCode,
      );
    }
    return error;
  }

  private toUpstreamError(
    e: unknown,
    label: string,
    captured: Captured,
  ): UpstreamError {
    if (e instanceof UpstreamError) return e;
    if (e instanceof ApiException) {
      const code = e.code;
      const detail = kubernetesStatusMessage(
        captured.errorBody ?? (typeof e.body === 'string' ? e.body : undefined),
      );
      if (code === 401 || code === 403) {
        return new UpstreamError(
          'unauthorized',
          `${UPSTREAM} refused the credentials (HTTP ${code}${
            detail ? `: ${detail}` : ''
          })`,
          code,
        );
      }
      return new UpstreamError(
        'error',
        `${UPSTREAM} answered HTTP ${code} to ${label}${
          detail ? `: ${detail}` : ''
        }`,
        code,
      );
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.name === 'SyntaxError') {
      return new UpstreamError(
        'error',
        `${UPSTREAM} answered ${label} with malformed JSON (${err.message})`,
      );
    }
    if (err?.name === 'FetchError' || typeof err?.code === 'string') {
      return classifyNetworkError(err, UPSTREAM);
    }
    return new UpstreamError(
      'error',
      `${UPSTREAM} answered ${label} with an unreadable response (${
        err?.message ?? String(e)
      })`,
    );
  }
}
