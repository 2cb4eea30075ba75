/**
 * Input and output fields of hub-spoke:spoke:onboard (see ../input/fields). The semantic rules are checked by
 * ./validate so that their messages say what to fix.
 */
import type { z } from 'zod/v3';
import { ADDON_NAMES } from '../manifests/types';
import { Fields, argocdNamespaceField } from '../input/fields';

type Z = typeof z;

const authSchema = (zImpl: Z) =>
  zImpl.discriminatedUnion(
    'type',
    [
      zImpl
        .object({
          type: zImpl.literal('aws'),
          clusterName: zImpl.string({
            description: 'EKS cluster name (awsAuthConfig.clusterName)',
          }),
          roleARN: zImpl.string({
            description:
              'IAM role Argo CD assumes to reach the cluster (awsAuthConfig.roleARN)',
          }),
        })
        .passthrough(),
      zImpl
        .object({
          type: zImpl.literal('azure'),
          clientId: zImpl.string({
            description:
              "Client id of the hub's workload identity (AZURE_CLIENT_ID)",
          }),
          tenantId: zImpl
            .string({
              description:
                'Microsoft Entra tenant id (AZURE_TENANT_ID), when not the default',
            })
            .optional(),
        })
        .passthrough(),
      zImpl
        .object({
          type: zImpl.literal('exec'),
          command: zImpl.string({
            description:
              'Credential plugin command; it must exist in the Argo CD image',
          }),
          args: zImpl
            .array(zImpl.string(), { description: 'Arguments of the command' })
            .optional(),
          env: zImpl
            .record(zImpl.string(), {
              description: 'Environment of the command',
            })
            .optional(),
          apiVersion: zImpl
            .string({
              description:
                'ExecCredential API version (default client.authentication.k8s.io/v1beta1)',
            })
            .optional(),
        })
        .passthrough(),
      zImpl
        .object({
          type: zImpl.literal('bearerToken'),
          secretStore: zImpl
            .object(
              {
                kind: zImpl
                  .enum(['ClusterSecretStore', 'SecretStore'], {
                    description:
                      'Kind of the External Secrets store (default ClusterSecretStore)',
                  })
                  .optional(),
                // Optional here so that a form's half-filled store (its default kind only) passes the schema; the
                // handler requires the name in pull-request mode.
                name: zImpl
                  .string({ description: 'Name of the store' })
                  .optional(),
              },
              {
                description:
                  'pull-request mode: the External Secrets store holding the token (the token itself is never written)',
              },
            )
            .optional(),
          remoteRef: zImpl
            .object(
              {
                key: zImpl
                  .string({ description: 'Key of the token in the store' })
                  .optional(),
                property: zImpl
                  .string({
                    description: 'Property of that key, if the value is a map',
                  })
                  .optional(),
              },
              {
                description:
                  'pull-request mode: where in the store the token is',
              },
            )
            .optional(),
        })
        .passthrough(),
    ],
    {
      description:
        'How the hub reaches the spoke: aws (awsAuthConfig), azure (AKS workload identity), exec (credential ' +
        'plugin) or bearerToken. A bearer token itself goes only in the task secrets as spokeToken, never here.',
    },
  );

/** Where a spoke's files and cluster Secret live: shared by onboard and offboard. */
export const spokeLocationFields = {
  targetPath: zImpl =>
    zImpl
      .string({
        description: 'Workspace folder of the spoke (default clusters/<name>)',
      })
      .optional(),
  argocdNamespace: argocdNamespaceField,
} satisfies Fields;

/** Inputs of hub-spoke:spoke:onboard. */
export const onboardInputFields = {
  name: zImpl =>
    zImpl.string({
      description:
        'Name of the new spoke, a DNS-1123 label (lowercase letters, digits and -, at most 63): its Argo CD cluster ' +
        'name and the name of its catalog Resource',
    }),
  server: zImpl =>
    zImpl.string({
      description: "https URL of the spoke's Kubernetes API server",
    }),
  hub: zImpl =>
    zImpl
      .string({
        description:
          'The hub (hubSpoke.hubs[].name) whose Argo CD manages the spoke; required when several are configured',
      })
      .optional(),
  auth: authSchema,
  tls: zImpl =>
    zImpl
      .object(
        {
          caData: zImpl
            .string({
              description:
                "CA of the spoke's API server: base64 PEM (kubeconfig certificate-authority-data) or PEM",
            })
            .optional(),
          insecure: zImpl
            .boolean({
              description: 'Skip TLS verification (never for production)',
            })
            .optional(),
        },
        {
          description:
            "TLS to the spoke's API server: caData or insecure (config.tlsClientConfig)",
        },
      )
      .passthrough()
      .optional(),
  labels: zImpl =>
    zImpl
      .record(zImpl.string(), {
        description:
          'Labels of the Argo CD cluster (Kubernetes label syntax); ApplicationSets select clusters by them',
      })
      .optional(),
  addons: zImpl =>
    zImpl
      .array(zImpl.enum(ADDON_NAMES), {
        description:
          'Add-ons to install through the hub: each labels the cluster hub-spoke/addon-<name>: "enabled" and, when ' +
          'missing, adds the add-on ApplicationSet next to the clusters folder',
      })
      .optional(),
  cidr: zImpl =>
    zImpl
      .string({
        description:
          "The spoke's network: a private CIDR (10/8, 172.16/12, 192.168/16 or fc00::/7), comma-separated for " +
          'several; it must not overlap any cluster of any hub',
      })
      .optional(),
  ingressDomain: zImpl =>
    zImpl
      .string({
        description:
          "The spoke's wildcard ingress domain (e.g. apps.aks-eu-prod-3.example.com): a certificate for *.<domain> " +
          'and a gateway are delivered to the spoke',
      })
      .optional(),
  issuer: zImpl =>
    zImpl
      .string({
        description:
          'cert-manager ClusterIssuer of the wildcard certificate (default letsencrypt-prod)',
      })
      .optional(),
  ingress: zImpl =>
    zImpl
      .enum(['istio', 'gateway-api'], {
        description:
          'Gateway flavour: an Istio Gateway (default) or a Gateway API Gateway',
      })
      .optional(),
  gatewayClassName: zImpl =>
    zImpl
      .string({
        description: 'GatewayClass of a Gateway API gateway (default istio)',
      })
      .optional(),
  gitops: zImpl =>
    zImpl
      .object(
        {
          repoURL: zImpl
            .string({
              description:
                'Git repository the files are published to (required with ingressDomain)',
            })
            .optional(),
          path: zImpl
            .string({
              description:
                'Folder of the files delivered to the spoke (default <targetPath>/spoke)',
            })
            .optional(),
          targetRevision: zImpl
            .string({
              description:
                'Branch, tag or commit Argo CD follows (default HEAD)',
            })
            .optional(),
        },
        {
          description:
            'Where the ingress files will live, for the Argo CD Application that delivers them; needed with ingressDomain',
        },
      )
      .optional(),
  project: zImpl =>
    zImpl
      .string({
        description:
          'Argo CD project of the ingress Application and add-on Applications (default default)',
      })
      .optional(),
  owner: zImpl =>
    zImpl.string({
      description:
        'Owner of the catalog Resource (an entity ref such as group:default/platform)',
    }),
  system: zImpl =>
    zImpl
      .string({ description: 'System the catalog Resource belongs to' })
      .optional(),
  mode: zImpl =>
    zImpl
      .enum(['pull-request', 'apply'], {
        description:
          'pull-request (default): write the files under targetPath for a pull request. apply: also apply the ' +
          "cluster Secret to the hub's Argo CD namespace now (server-side apply through the hub's Kubernetes API)",
      })
      .optional(),
  ...spokeLocationFields,
} satisfies Fields;

/** Outputs of hub-spoke:spoke:onboard. */
export const onboardOutputFields = {
  files: zImpl =>
    zImpl.array(zImpl.string(), { description: 'Workspace paths written' }),
  clusterSecretPath: zImpl =>
    zImpl
      .string({
        description:
          'pull-request mode: the file holding the cluster Secret (or its ExternalSecret)',
      })
      .optional(),
  catalogInfoPath: zImpl =>
    zImpl.string({
      description: "The catalog-info.yaml of the spoke's Resource",
    }),
  entityRef: zImpl =>
    zImpl.string({ description: "The Resource's entity ref" }),
  applied: zImpl =>
    zImpl
      .enum(['created', 'configured', 'unchanged', 'dry-run'], {
        description: 'apply mode: what applying the cluster Secret did',
      })
      .optional(),
} satisfies Fields;
