/**
 * The plugin's HTTP API. Requests are validated against it by createValidatedOpenApiRouter and tests check
 * responses against it (wrapServer). Kept as a `const` because the OpenAPI generator needs a Java download that
 * cannot run here; the document is hand-written and is the single source of truth.
 */
const healthStatus = {
  type: 'string',
  enum: [
    'Healthy',
    'Progressing',
    'Degraded',
    'Suspended',
    'Missing',
    'Unknown',
  ],
} as const;
const syncStatus = {
  type: 'string',
  enum: ['Synced', 'OutOfSync', 'Unknown'],
} as const;
const stringMap = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;
const countMap = {
  type: 'object',
  additionalProperties: { type: 'integer', minimum: 0 },
} as const;
const errorResponse = {
  description: 'An error, shaped by the Backstage error middleware',
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/Error' } },
  },
} as const;

export const spec = {
  openapi: '3.1.0',
  info: {
    title: 'hub-spoke',
    version: '1',
    description:
      'Hub & Spoke fleet topology: every hub’s Argo CD, its clusters and applications, in one snapshot.',
    license: { name: 'Apache-2.0' },
  },
  servers: [{ url: '/' }],
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
            },
            required: ['name', 'message'],
          },
          request: { type: 'object' },
          response: {
            type: 'object',
            properties: { statusCode: { type: 'integer' } },
          },
        },
        required: ['error'],
      },
      Hub: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'url', 'status'],
        properties: {
          name: { type: 'string' },
          url: {
            type: 'string',
            description: 'Argo CD URL (never credentials)',
          },
          status: {
            type: 'string',
            enum: [
              'ok',
              'pending',
              'unreachable',
              'unauthorized',
              'timeout',
              'error',
            ],
          },
          message: { type: 'string' },
          argocdVersion: { type: 'string' },
          lastSuccessAt: { type: 'string', format: 'date-time' },
          lastAttemptAt: { type: 'string', format: 'date-time' },
        },
      },
      Cluster: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'name',
          'hub',
          'role',
          'server',
          'registered',
          'connection',
          'labels',
          'annotations',
          'applications',
          'api',
          'cidrs',
          'cidrOverlaps',
          'stale',
        ],
        properties: {
          id: { type: 'string', description: '<hub>/<name>' },
          name: {
            type: 'string',
            description:
              "Argo CD's cluster name; in-cluster is reported as the hub's name",
          },
          hub: { type: 'string' },
          role: { type: 'string', enum: ['hub', 'spoke'] },
          server: { type: 'string' },
          registered: {
            type: 'boolean',
            description:
              'False for a destination that Applications name but Argo CD has no cluster for',
          },
          connection: {
            type: 'object',
            additionalProperties: false,
            required: ['status'],
            properties: {
              status: {
                type: 'string',
                enum: ['Successful', 'Failed', 'Unknown'],
              },
              message: { type: 'string' },
            },
          },
          version: { type: 'string' },
          labels: stringMap,
          annotations: stringMap,
          applications: {
            type: 'object',
            additionalProperties: false,
            required: ['total', 'health', 'sync'],
            properties: {
              total: { type: 'integer', minimum: 0 },
              health: countMap,
              sync: countMap,
            },
          },
          api: { $ref: '#/components/schemas/ClusterApi' },
          nodes: {
            type: 'object',
            additionalProperties: false,
            required: ['ready', 'total'],
            properties: {
              ready: { type: 'integer', minimum: 0 },
              total: { type: 'integer', minimum: 0 },
            },
          },
          apiVersion: {
            type: 'string',
            description:
              "Kubernetes gitVersion as the cluster's API reports it",
          },
          ingress: {
            type: 'object',
            additionalProperties: false,
            required: ['addresses', 'hosts'],
            properties: {
              addresses: { type: 'array', items: { type: 'string' } },
              hosts: {
                type: 'array',
                items: { $ref: '#/components/schemas/IngressHost' },
              },
            },
          },
          certificates: {
            type: 'array',
            items: { $ref: '#/components/schemas/Certificate' },
          },
          cidrs: { type: 'array', items: { type: 'string' } },
          cidrOverlaps: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['clusterId', 'cidr', 'otherCidr'],
              properties: {
                clusterId: { type: 'string' },
                cidr: { type: 'string' },
                otherCidr: { type: 'string' },
              },
            },
          },
          stale: { type: 'boolean' },
          lastSuccessAt: { type: 'string', format: 'date-time' },
        },
      },
      ClusterApi: {
        type: 'object',
        additionalProperties: false,
        required: ['status'],
        properties: {
          status: {
            type: 'string',
            enum: [
              'ok',
              'pending',
              'not-configured',
              'unreachable',
              'unauthorized',
              'timeout',
              'error',
            ],
          },
          message: { type: 'string' },
          lastSuccessAt: { type: 'string', format: 'date-time' },
          stale: { type: 'boolean' },
          backoffUntil: { type: 'string', format: 'date-time' },
          missingGroups: { type: 'array', items: { type: 'string' } },
        },
      },
      Certificate: {
        type: 'object',
        additionalProperties: false,
        required: ['namespace', 'name', 'dnsNames', 'ready', 'expiringSoon'],
        properties: {
          namespace: { type: 'string' },
          name: { type: 'string' },
          dnsNames: { type: 'array', items: { type: 'string' } },
          secretName: { type: 'string' },
          ready: { type: 'boolean' },
          notAfter: { type: 'string', format: 'date-time' },
          expiringSoon: { type: 'boolean' },
        },
      },
      IngressHost: {
        type: 'object',
        additionalProperties: false,
        required: ['host', 'sources', 'destinations'],
        properties: {
          host: { type: 'string' },
          sources: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'group', 'namespace', 'name'],
              properties: {
                kind: {
                  type: 'string',
                  enum: ['Gateway', 'VirtualService', 'HTTPRoute'],
                },
                group: { type: 'string' },
                namespace: { type: 'string' },
                name: { type: 'string' },
              },
            },
          },
          tls: {
            type: 'object',
            additionalProperties: false,
            required: ['mode'],
            properties: {
              mode: { type: 'string' },
              credentialName: { type: 'string' },
            },
          },
          certificate: {
            type: 'object',
            additionalProperties: false,
            required: ['namespace', 'name', 'ready', 'expiringSoon'],
            properties: {
              namespace: { type: 'string' },
              name: { type: 'string' },
              ready: { type: 'boolean' },
              notAfter: { type: 'string', format: 'date-time' },
              expiringSoon: { type: 'boolean' },
            },
          },
          destinations: { type: 'array', items: { type: 'string' } },
        },
      },
      ManagesEdge: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'from', 'to'],
        properties: {
          kind: { type: 'string', enum: ['manages'] },
          from: { type: 'string', description: 'Hub name' },
          to: { type: 'string', description: 'Cluster id' },
        },
      },
      RoutesEdge: {
        type: 'object',
        additionalProperties: false,
        required: [
          'kind',
          'from',
          'to',
          'route',
          'hostnames',
          'match',
          'weight',
          'idle',
          'backend',
        ],
        properties: {
          kind: { type: 'string', enum: ['routes'] },
          from: { type: 'string', description: 'Hub name' },
          to: { type: 'string', description: 'Cluster id of the spoke' },
          route: {
            type: 'object',
            additionalProperties: false,
            required: ['namespace', 'name'],
            properties: {
              namespace: { type: 'string' },
              name: { type: 'string' },
            },
          },
          hostnames: { type: 'array', items: { type: 'string' } },
          match: { type: 'string', description: 'e.g. PathPrefix /api' },
          weight: {
            type: 'number',
            minimum: 0,
            maximum: 100,
            description: 'Percent of the rule’s traffic',
          },
          idle: {
            type: 'boolean',
            description: 'Weight 0: an edge that carries no traffic',
          },
          backend: {
            type: 'object',
            additionalProperties: false,
            required: ['service', 'namespace', 'externalName'],
            properties: {
              service: { type: 'string' },
              namespace: { type: 'string' },
              externalName: { type: 'string' },
              port: { type: 'integer' },
            },
          },
          hostRewrite: { type: 'string' },
          outlierDetection: {
            type: 'object',
            additionalProperties: false,
            properties: {
              consecutive5xxErrors: { type: 'integer' },
              interval: { type: 'string' },
              baseEjectionTime: { type: 'string' },
              maxEjectionPercent: { type: 'integer' },
            },
          },
        },
      },
      Edge: {
        oneOf: [
          { $ref: '#/components/schemas/ManagesEdge' },
          { $ref: '#/components/schemas/RoutesEdge' },
        ],
      },
      Topology: {
        type: 'object',
        additionalProperties: false,
        required: ['generatedAt', 'hubs', 'clusters', 'edges'],
        properties: {
          generatedAt: { type: 'string', format: 'date-time' },
          hubs: { type: 'array', items: { $ref: '#/components/schemas/Hub' } },
          clusters: {
            type: 'array',
            items: { $ref: '#/components/schemas/Cluster' },
          },
          edges: {
            type: 'array',
            items: { $ref: '#/components/schemas/Edge' },
          },
        },
      },
      Application: {
        type: 'object',
        additionalProperties: false,
        required: [
          'name',
          'hub',
          'cluster',
          'clusterId',
          'project',
          'sync',
          'health',
          'externalURLs',
          'labels',
        ],
        properties: {
          name: { type: 'string' },
          hub: { type: 'string' },
          cluster: { type: 'string' },
          clusterId: { type: 'string' },
          namespace: { type: 'string' },
          project: { type: 'string' },
          sync: syncStatus,
          health: healthStatus,
          revision: { type: 'string' },
          repoURL: { type: 'string' },
          path: { type: 'string' },
          chart: { type: 'string' },
          targetRevision: { type: 'string' },
          operationPhase: { type: 'string' },
          operationFinishedAt: { type: 'string' },
          externalURLs: { type: 'array', items: { type: 'string' } },
          labels: stringMap,
        },
      },
      ApplicationList: {
        type: 'object',
        additionalProperties: false,
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: { $ref: '#/components/schemas/Application' },
          },
        },
      },
    },
  },
  paths: {
    '/topology': {
      get: {
        operationId: 'GetTopology',
        description:
          'The fleet snapshot: hubs, clusters and edges. A failing hub never fails the request.',
        responses: {
          '200': {
            description: 'The snapshot',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Topology' },
              },
            },
          },
          '401': errorResponse,
          '403': errorResponse,
        },
      },
    },
    '/applications': {
      get: {
        operationId: 'ListApplications',
        description: 'Applications of the snapshot, filtered.',
        parameters: [
          {
            name: 'hub',
            in: 'query',
            required: false,
            schema: { type: 'string' },
          },
          {
            name: 'cluster',
            in: 'query',
            required: false,
            description: 'Cluster name or id (<hub>/<name>)',
            schema: { type: 'string' },
          },
          {
            name: 'health',
            in: 'query',
            required: false,
            schema: healthStatus,
          },
          { name: 'sync', in: 'query', required: false, schema: syncStatus },
        ],
        responses: {
          '200': {
            description: 'The applications',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ApplicationList' },
              },
            },
          },
          '400': errorResponse,
          '401': errorResponse,
          '403': errorResponse,
        },
      },
    },
    '/refresh': {
      post: {
        operationId: 'Refresh',
        description: 'Polls every hub now and returns the new snapshot.',
        responses: {
          '200': {
            description: 'The new snapshot',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Topology' },
              },
            },
          },
          '401': errorResponse,
          '403': errorResponse,
        },
      },
    },
  },
} as const;
