/**
 * Input and output fields of hub-spoke:app:publish: {@link z} schema builders (see ../input/fields). Semantic rules
 * (DNS names, domains, weights, live topology) are checked by ./validate and ./resolve so that their messages say
 * what to fix.
 */
// Imported so that the declarations can name the inferred zod types (TS2742 otherwise).
import type { z } from 'zod/v3';
import { Fields, argocdNamespaceField } from '../input/fields';

/** Inputs of hub-spoke:app:publish. */
export const publishInputFields = {
  name: zImpl =>
    zImpl.string({
      description:
        'DNS-1123 label of the app: names its Applications, routes and catalog Component',
    }),
  namespace: zImpl =>
    zImpl
      .string({
        description: 'Namespace of the app on the spokes (default: the name)',
      })
      .optional(),
  source: zImpl =>
    zImpl.object(
      {
        repoURL: zImpl.string({
          description: "Git repository of the app's manifests",
        }),
        path: zImpl.string({ description: 'Folder of the manifests in it' }),
        targetRevision: zImpl
          .string({ description: 'Branch, tag or commit (default HEAD)' })
          .optional(),
      },
      { description: 'Where Argo CD reads the app from' },
    ),
  gitops: zImpl =>
    zImpl.object(
      {
        repoURL: zImpl.string({
          description:
            'The repository these files are published to; the Applications read the route objects from it',
        }),
        targetRevision: zImpl
          .string({ description: 'Its branch (default HEAD)' })
          .optional(),
      },
      { description: 'Where the generated files live once merged' },
    ),
  targets: zImpl =>
    zImpl
      .array(
        zImpl.object({
          cluster: zImpl.string({
            description: 'A registered spoke of the live topology',
          }),
          hub: zImpl
            .string({
              description: 'Its hub, when the name is used on several hubs',
            })
            .optional(),
          weight: zImpl
            .number({
              description:
                'Share of traffic (integer 0–100, all summing to 100; default: an even split)',
            })
            .optional(),
        }),
        { description: 'The spokes the app is deployed to' },
      )
      .min(1),
  allowUnregistered: zImpl =>
    zImpl
      .boolean({
        description:
          'Accept a target that is not a registered spoke of the topology (not recommended)',
      })
      .optional(),
  host: zImpl =>
    zImpl.string({
      description:
        "FQDN the app is served at; exposure spoke: under the spoke's ingress domain (e.g. shop.apps.aks-eu-prod-1.example.com)",
    }),
  allowAnyDomain: zImpl =>
    zImpl
      .boolean({
        description: "Accept a host outside the spoke's ingress domain",
      })
      .optional(),
  paths: zImpl =>
    zImpl
      .array(zImpl.string(), {
        description: "Path prefixes routed to the app (default ['/'])",
      })
      .optional(),
  service: zImpl =>
    zImpl
      .object(
        {
          name: zImpl
            .string({ description: 'Service name (default: the app name)' })
            .optional(),
          port: zImpl
            .number({ description: 'Service port (default 80)' })
            .optional(),
        },
        { description: "The app's Service the routes send traffic to" },
      )
      .optional(),
  ingress: zImpl =>
    zImpl
      .enum(['istio', 'gateway-api'], {
        description:
          "istio: Gateway server + VirtualService. gateway-api: HTTPRoute attached to the spoke's Gateway (default istio)",
      })
      .optional(),
  exposure: zImpl =>
    zImpl
      .enum(['spoke', 'hub'], {
        description:
          "spoke (default): each spoke's own ingress. hub: a hub gateway splits traffic across the targets by weight",
      })
      .optional(),
  tls: zImpl =>
    zImpl
      .enum(['wildcard', 'dedicated', 'none'], {
        description:
          "wildcard (default): the spoke's wildcard certificate. dedicated: a cert-manager Certificate for the host. none: HTTP",
      })
      .optional(),
  issuer: zImpl =>
    zImpl
      .string({
        description:
          'ClusterIssuer of a dedicated certificate (default letsencrypt-prod)',
      })
      .optional(),
  circuitBreaking: zImpl =>
    zImpl
      .union([
        zImpl.literal(false),
        zImpl.object({
          consecutive5xxErrors: zImpl
            .number({
              description:
                'Consecutive 5xx answers that eject a spoke (default 3)',
            })
            .optional(),
          interval: zImpl
            .string({
              description: 'How often ejection is evaluated (default 10s)',
            })
            .optional(),
          baseEjectionTime: zImpl
            .string({
              description: 'How long a spoke stays ejected (default 30s)',
            })
            .optional(),
          maxEjectionPercent: zImpl
            .number({
              description:
                'Share of spokes that may be ejected at once (default 100)',
            })
            .optional(),
          maxConnections: zImpl
            .number({
              description: 'TCP connections to a spoke at most (default 100)',
            })
            .optional(),
          maxRequestsPerConnection: zImpl
            .number({
              description:
                'Requests per connection before it is closed (default 10)',
            })
            .optional(),
          h2UpgradePolicy: zImpl
            .enum(['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'], {
              description:
                'HTTP/2 upgrade towards the spokes (default DO_NOT_UPGRADE)',
            })
            .optional(),
        }),
      ])
      .optional()
      .describe(
        'exposure hub: circuit breaking of the hub→spoke traffic (default on: 3 consecutive 5xx in 10s eject for 30s, ' +
          'max 100 connections, 10 requests per connection, no h2 upgrade); each field overridable, or false',
      ),
  pinnedPaths: zImpl =>
    zImpl
      .array(
        zImpl.union([
          zImpl.string(),
          zImpl.object({ path: zImpl.string(), cluster: zImpl.string() }),
        ]),
        {
          description:
            'exposure hub: path prefixes sent to one target only (weight 100; the first target unless given as { path, cluster })',
        },
      )
      .optional(),
  hubGateway: zImpl =>
    zImpl
      .object(
        {
          name: zImpl
            .string({ description: 'Gateway name (default public-gateway)' })
            .optional(),
          namespace: zImpl
            .string({
              description:
                'Its namespace, also of the hub objects (default global-ingress)',
            })
            .optional(),
        },
        {
          description:
            "exposure hub: the hub's Gateway the HTTPRoute attaches to (default global-ingress/public-gateway)",
        },
      )
      .optional(),
  mode: zImpl =>
    zImpl
      .enum(['pull-request', 'apply'], {
        description:
          "pull-request (default): write the files under targetPath. apply: also server-side apply the Applications to the hub's Kubernetes API",
      })
      .optional(),
  targetPath: zImpl =>
    zImpl
      .string({ description: 'Workspace folder (default apps/<name>)' })
      .optional(),
  argocdNamespace: argocdNamespaceField,
  project: zImpl =>
    zImpl
      .string({ description: 'Argo CD project (default default)' })
      .optional(),
  owner: zImpl =>
    zImpl
      .string({
        description:
          'Owner of the catalog Component (default group:default/guests)',
      })
      .optional(),
} satisfies Fields;

/** Outputs of hub-spoke:app:publish. */
export const publishOutputFields = {
  files: zImpl =>
    zImpl.array(zImpl.string(), { description: 'Workspace paths written' }),
  applications: zImpl =>
    zImpl.array(zImpl.string(), {
      description: 'Argo CD Applications, one per target (and the hub’s)',
    }),
  url: zImpl => zImpl.string({ description: 'Where the app answers' }),
  catalogInfoPath: zImpl =>
    zImpl.string({ description: "The Component's catalog-info.yaml" }),
} satisfies Fields;
