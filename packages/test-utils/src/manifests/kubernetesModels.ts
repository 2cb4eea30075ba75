/**
 * Manifest validation for `npm test`, through the maintained `@kubernetes-models/*` packages, which carry the upstream
 * CRD and Kubernetes OpenAPI schemas as validators. The versions usable on Node 20 (CommonJS builds; the newer
 * releases are ESM-only and need Node 22) were generated from:
 *
 * | package | generated from | the project targets |
 * |---|---|---|
 * | kubernetes-models 4.5 | Kubernetes 1.3x core OpenAPI | core/v1, apps/v1, rbac.authorization.k8s.io/v1, admissionregistration.k8s.io/v1 |
 * | @kubernetes-models/argo-cd 2.7 | Argo CD v2.14.11 CRDs | Argo CD v3.5 (argoproj.io/v1alpha1, unchanged fields) |
 * | @kubernetes-models/istio 2.3 | Istio 1.18.0 CRDs | Istio 1.30 (networking.istio.io/v1) |
 * | @kubernetes-models/gateway-api 0.5 | Gateway API v1.0.0 standard | Gateway API v1.6 (v1) |
 * | @kubernetes-models/cert-manager 4.4 | cert-manager v1.x | cert-manager v1.21 (v1) |
 * | @kubernetes-models/external-secrets 0.5 | External Secrets v0.8.1 | external-secrets.io/v1beta1 |
 *
 * Istio 1.18 predates `networking.istio.io/v1` (added in 1.22), so a v1 object is checked with the v1beta1 model:
 * Istio serves v1, v1beta1 and v1alpha3 from one schema (the contract suite, `npm run test:contracts`, asserts that
 * against the upstream 1.30 CRDs, and validates every manifest against the exact upstream versions too).
 *
 * These validators check types, enums, required fields and formats. They accept unknown fields; the contract suite's
 * closed schemas catch a misspelt field.
 */
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Node } from 'kubernetes-models/v1/Node';
import { Pod } from 'kubernetes-models/v1/Pod';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { Gateway as IstioGateway } from '@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import { ServiceEntry } from '@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import { Gateway as GatewayApiGateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { GatewayClass } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret';

type ModelClass = {
  new (data: any): { validate(): void };
  apiVersion: string;
  kind: string;
};

const ISTIO_V1 = 'networking.istio.io/v1';

/** The model that validates each `apiVersion/kind` the project writes or serves. */
const MODELS: Record<string, ModelClass> = Object.fromEntries(
  (
    [
      Namespace,
      Secret,
      Service,
      ConfigMap,
      Node,
      Pod,
      ServiceAccount,
      Deployment,
      Role,
      RoleBinding,
      ValidatingAdmissionPolicy,
      ValidatingAdmissionPolicyBinding,
      Application,
      ApplicationSet,
      AppProject,
      Certificate,
      ClusterIssuer,
      GatewayApiGateway,
      GatewayClass,
      HTTPRoute,
      ExternalSecret,
    ] as unknown as ModelClass[]
  )
    .map(m => [`${m.apiVersion}/${m.kind}`, m] as const)
    .concat(
      (
        [
          IstioGateway,
          VirtualService,
          ServiceEntry,
          DestinationRule,
        ] as unknown as ModelClass[]
      ).map(m => [`${ISTIO_V1}/${m.kind}`, m] as const),
    ),
);

/** The `apiVersion/kind` pairs that {@link modelErrors} can validate. */
export const VALIDATED_KINDS: readonly string[] = Object.keys(MODELS);

interface AjvLikeError {
  instancePath?: string;
  dataPath?: string;
  message?: string;
  params?: unknown;
}

function describe(error: unknown): string[] {
  const errors = (error as { errors?: AjvLikeError[] }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map(e =>
      `${(e.instancePath ?? e.dataPath ?? '') || '/'} ${e.message ?? ''}${
        e.params ? ` ${JSON.stringify(e.params)}` : ''
      }`.trim(),
    );
  }
  return [(error as Error).message];
}

/**
 * Validates a manifest (any object with apiVersion and kind) with the `@kubernetes-models` model of its kind.
 * Returns readable errors, empty when valid; throws when no model covers the kind (so a new kind cannot pass
 * unchecked).
 */
export function modelErrors(doc: {
  apiVersion?: string;
  kind?: string;
}): string[] {
  const key = `${doc.apiVersion}/${doc.kind}`;
  const Model = MODELS[key];
  if (!Model) {
    throw new Error(
      `no @kubernetes-models validator for ${key}; known: ${VALIDATED_KINDS.join(
        ', ',
      )}`,
    );
  }
  const data =
    doc.apiVersion === ISTIO_V1
      ? { ...structuredClone(doc), apiVersion: Model.apiVersion }
      : structuredClone(doc);
  try {
    new Model(data).validate();
    return [];
  } catch (e) {
    return describe(e);
  }
}
