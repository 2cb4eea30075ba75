/**
 * The contract suite's validators (`npm run test:contracts`), built from the upstream schemas in ../shared/schemas
 * beside the repository (Argo CD swagger and CRDs, Kubernetes core/v1 OpenAPI, Istio, Gateway API and cert-manager
 * CRDs at the versions the project targets). Object schemas are closed (additionalProperties: false wherever a
 * schema lists properties and does not preserve unknown fields), so a misspelt or invented field fails too.
 *
 * Nothing here is used by `npm test`: a clone alone in its folder has no ../shared.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../repoRoot';
import { externalNameServiceErrors } from '../manifests/rules';

type Json = Record<string, unknown>;

/** Where the upstream schemas are: $HUB_SPOKE_SHARED_SCHEMAS, else ../shared/schemas beside the repository. */
export function sharedSchemasDir(): string {
  return (
    process.env.HUB_SPOKE_SHARED_SCHEMAS ??
    path.resolve(repoRoot(), '../shared/schemas')
  );
}

/** Throws a plain explanation when the upstream schemas are not there. */
export function requireSharedSchemas(): string {
  const dir = sharedSchemasDir();
  if (!fs.existsSync(path.join(dir, 'argo-cd/api/swagger.json'))) {
    throw new Error(
      `The contract suite needs the upstream schemas at ${dir} (../shared/schemas beside the repository, or ` +
        'HUB_SPOKE_SHARED_SCHEMAS). They are not part of the repository; `npm test` does not need them.',
    );
  }
  return dir;
}

function close(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(close);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    // Maps of property names are not schemas themselves.
    out[k] =
      k === 'properties' || k === 'definitions' || k === 'schemas'
        ? Object.fromEntries(
            Object.entries(v as Json).map(([pk, pv]) => [pk, close(pv)]),
          )
        : close(v);
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

function readJson(file: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(requireSharedSchemas(), file), 'utf8'),
  );
}

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: true,
      logger: false,
    });
    addFormats(ajv);
    ajv.addFormat('int-or-string', true);
    ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31,
    });
    ajv.addFormat('int64', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n),
    });
    ajv.addFormat('byte', {
      type: 'string',
      validate: (s: string) =>
        /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0,
    });
    const swagger = readJson('argo-cd/api/swagger.json');
    const definitions = close(swagger.definitions) as Json;
    // FieldsV1 (managedFields) is written as the raw JSON trie its description documents ({"f:spec": {...}}): its
    // Go `Raw` bytes field is marshalled as the JSON itself, so the swagger properties do not describe the JSON.
    definitions.v1FieldsV1 = { type: 'object' };
    ajv.addSchema({ $id: 'argocd', definitions });
    const core = readJson('kubernetes/api__v1_openapi.json');
    ajv.addSchema({
      $id: 'k8s',
      components: { schemas: close(core.components.schemas) },
    });
  }
  return ajv;
}

function cached(key: string, make: () => ValidateFunction): ValidateFunction {
  let v = cache.get(key);
  if (!v) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** A definition of Argo CD's swagger, e.g. v1alpha1ClusterList. */
export function argoDefinition(name: string): ValidateFunction {
  return cached(`argocd#/definitions/${name}`, () => {
    const v = getAjv().getSchema(`argocd#/definitions/${name}`);
    if (!v) throw new Error(`no Argo CD definition ${name}`);
    return v;
  });
}

/** A Kubernetes core/v1 schema, e.g. io.k8s.api.core.v1.Node. */
export function coreSchema(name: string): ValidateFunction {
  return cached(`k8s#/components/schemas/${name}`, () => {
    const v = getAjv().getSchema(`k8s#/components/schemas/${name}`);
    if (!v) throw new Error(`no core/v1 schema ${name}`);
    return v;
  });
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema: { openAPIV3Schema: Json };
}

/** The versions of a CRD file (relative to the schemas folder), as upstream ships them. */
export function crdVersions(file: string): CrdVersion[] {
  const text = fs.readFileSync(path.join(requireSharedSchemas(), file), 'utf8');
  return (parse(text) as { spec: { versions: CrdVersion[] } }).spec.versions;
}

/** A CRD file's served version. */
export function crdSchema(file: string, version: string): ValidateFunction {
  return cached(`${file}@${version}`, () => {
    const ver = crdVersions(file).find(x => x.name === version && x.served);
    if (!ver) throw new Error(`${file} does not serve ${version}`);
    const root = close(ver.schema.openAPIV3Schema) as Json;
    // The API server always allows apiVersion, kind and metadata at the root, even when a CRD omits them.
    root.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...(root.properties as Json),
    };
    return getAjv().compile(root);
  });
}

/** Validates and returns readable errors (empty when valid). */
export function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    e =>
      `${e.instancePath || '/'} ${e.message}${
        e.params ? ` ${JSON.stringify(e.params)}` : ''
      }`,
  );
}

/** The upstream file and version that describes each `apiVersion/kind` the project writes. */
export const UPSTREAM_SCHEMAS: Record<string, () => ValidateFunction> = {
  'v1/Secret': () => coreSchema('io.k8s.api.core.v1.Secret'),
  'v1/Service': () => coreSchema('io.k8s.api.core.v1.Service'),
  'v1/Namespace': () => coreSchema('io.k8s.api.core.v1.Namespace'),
  'argoproj.io/v1alpha1/Application': () =>
    crdSchema('argo-cd/crds/application-crd.yaml', 'v1alpha1'),
  'argoproj.io/v1alpha1/ApplicationSet': () =>
    crdSchema('argo-cd/crds/applicationset-crd.yaml', 'v1alpha1'),
  'cert-manager.io/v1/Certificate': () =>
    crdSchema('cert-manager/crds/cert-manager.io_certificates.yaml', 'v1'),
  'networking.istio.io/v1/Gateway': () =>
    crdSchema('istio/crds/gateway-crd.yaml', 'v1'),
  'networking.istio.io/v1/VirtualService': () =>
    crdSchema('istio/crds/virtualservice-crd.yaml', 'v1'),
  'networking.istio.io/v1/ServiceEntry': () =>
    crdSchema('istio/crds/serviceentry-crd.yaml', 'v1'),
  'networking.istio.io/v1/DestinationRule': () =>
    crdSchema('istio/crds/destinationrule-crd.yaml', 'v1'),
  'gateway.networking.k8s.io/v1/Gateway': () =>
    crdSchema('gateway-api/crds/gateway.networking.k8s.io_gateways.yaml', 'v1'),
  'gateway.networking.k8s.io/v1/GatewayClass': () =>
    crdSchema(
      'gateway-api/crds/gateway.networking.k8s.io_gatewayclasses.yaml',
      'v1',
    ),
  'gateway.networking.k8s.io/v1/HTTPRoute': () =>
    crdSchema(
      'gateway-api/crds/gateway.networking.k8s.io_httproutes.yaml',
      'v1',
    ),
};

/** Validates a manifest against the exact upstream schema of its kind, metadata included (closed). */
export function upstreamManifestErrors(doc: {
  apiVersion?: string;
  kind?: string;
  metadata?: unknown;
}): string[] {
  const get = UPSTREAM_SCHEMAS[`${doc.apiVersion}/${doc.kind}`];
  if (!get)
    throw new Error(`no upstream schema for ${doc.apiVersion} ${doc.kind}`);
  return [
    ...errorsOf(get(), doc),
    ...errorsOf(
      coreSchema('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      doc.metadata,
    ).map(e => `metadata${e}`),
  ];
}

/** A published manifest against upstream, plus the apiserver's ExternalName rules for a Service. */
export function upstreamPublishedManifestErrors(doc: any): string[] {
  return [
    ...upstreamManifestErrors(doc),
    ...(doc.kind === 'Service' ? externalNameServiceErrors(doc) : []),
  ];
}
