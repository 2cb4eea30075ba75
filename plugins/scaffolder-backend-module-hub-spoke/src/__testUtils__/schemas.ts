/**
 * Validators from the upstream schemas in ../shared/schemas (beside the repository root), via ajv (strict off,
 * formats on). Object schemas are closed (no unknown fields) wherever the schema lists properties and does not
 * preserve unknown fields, so a misspelt field fails too.
 */
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

/** The repository root: the nearest folder above this package whose package.json declares workspaces. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, 'utf8')).workspaces)
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
}

export const schemasDir = path.resolve(repoRoot(), '../shared/schemas');

function close(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(close);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k] =
      k === 'properties' || k === 'schemas'
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
    const core = JSON.parse(
      fs.readFileSync(
        path.join(
          schemasDir,
          'kubernetes/core-v1-service-secret-namespace.subset.json',
        ),
        'utf8',
      ),
    );
    ajv.addSchema({
      $id: 'k8s',
      components: { schemas: close(core.components.schemas) },
    });
  }
  return ajv;
}

/** A core/v1 schema of the subset, e.g. io.k8s.api.core.v1.Secret. */
export function coreSchema(name: string): ValidateFunction {
  const key = `k8s#/components/schemas/${name}`;
  let v = cache.get(key);
  if (!v) {
    v = getAjv().getSchema(key);
    if (!v) throw new Error(`no schema ${name}`);
    cache.set(key, v);
  }
  return v;
}

/** A CRD's served version (file relative to the schemas folder). */
export function crdSchema(file: string, version: string): ValidateFunction {
  const key = `${file}@${version}`;
  let v = cache.get(key);
  if (!v) {
    const crd = parse(fs.readFileSync(path.join(schemasDir, file), 'utf8')) as {
      spec: {
        versions: Array<{
          name: string;
          served: boolean;
          schema: { openAPIV3Schema: Json };
        }>;
      };
    };
    const ver = crd.spec.versions.find(x => x.name === version && x.served);
    if (!ver) throw new Error(`${file} does not serve ${version}`);
    const root = close(ver.schema.openAPIV3Schema) as Json;
    // The API server always allows apiVersion, kind and metadata at the root.
    root.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...(root.properties as Json),
    };
    v = getAjv().compile(root);
    cache.set(key, v);
  }
  return v;
}

/** ObjectMeta of the core schema: validates the metadata of custom resources too. */
export const objectMeta = () =>
  coreSchema('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');

export const validators = {
  secret: () => coreSchema('io.k8s.api.core.v1.Secret'),
  application: () => crdSchema('argo-cd/crds/application-crd.yaml', 'v1alpha1'),
  applicationSet: () =>
    crdSchema('argo-cd/crds/applicationset-crd.yaml', 'v1alpha1'),
  certificate: () =>
    crdSchema('cert-manager/crds/cert-manager.io_certificates.yaml', 'v1'),
  istioGateway: () => crdSchema('istio/crds/gateway-crd.yaml', 'v1'),
  gatewayApiGateway: () =>
    crdSchema('gateway-api/crds/gateway.networking.k8s.io_gateways.yaml', 'v1'),
  virtualService: () => crdSchema('istio/crds/virtualservice-crd.yaml', 'v1'),
  serviceEntry: () => crdSchema('istio/crds/serviceentry-crd.yaml', 'v1'),
  destinationRule: () => crdSchema('istio/crds/destinationrule-crd.yaml', 'v1'),
  httpRoute: () =>
    crdSchema(
      'gateway-api/crds/gateway.networking.k8s.io_httproutes.yaml',
      'v1',
    ),
  service: () => coreSchema('io.k8s.api.core.v1.Service'),
};

/** Readable errors of a validation (empty when valid). */
export function errorsOf(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    e =>
      `${e.instancePath || '/'} ${e.message}${
        e.params ? ` ${JSON.stringify(e.params)}` : ''
      }`,
  );
}

/** Validates a manifest by its apiVersion/kind against the matching schema, metadata included. */
export function manifestErrors(doc: {
  apiVersion: string;
  kind: string;
  metadata?: unknown;
}): string[] {
  const byKind: Record<string, () => ValidateFunction> = {
    'v1/Secret': validators.secret,
    'argoproj.io/v1alpha1/Application': validators.application,
    'argoproj.io/v1alpha1/ApplicationSet': validators.applicationSet,
    'cert-manager.io/v1/Certificate': validators.certificate,
    'networking.istio.io/v1/Gateway': validators.istioGateway,
    'gateway.networking.k8s.io/v1/Gateway': validators.gatewayApiGateway,
    'networking.istio.io/v1/VirtualService': validators.virtualService,
    'networking.istio.io/v1/ServiceEntry': validators.serviceEntry,
    'networking.istio.io/v1/DestinationRule': validators.destinationRule,
    'gateway.networking.k8s.io/v1/HTTPRoute': validators.httpRoute,
    'v1/Service': validators.service,
  };
  const get = byKind[`${doc.apiVersion}/${doc.kind}`];
  if (!get) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
  return [
    ...errorsOf(get(), doc),
    ...errorsOf(objectMeta(), doc.metadata).map(e => `metadata${e}`),
  ];
}

/**
 * The apiserver's ExternalName rules, which the core/v1 schema does not carry (see ../shared/schemas/README.md):
 * type ExternalName, a lowercase RFC-1123 externalName, no clusterIP, no selector.
 */
export function externalNameServiceErrors(doc: any): string[] {
  const errors: string[] = [];
  const spec = doc?.spec ?? {};
  if (spec.type !== 'ExternalName')
    errors.push('spec.type must be ExternalName');
  const name = spec.externalName;
  if (
    typeof name !== 'string' ||
    name.length > 253 ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(
      name,
    )
  )
    errors.push('spec.externalName must be a lowercase RFC-1123 hostname');
  if (spec.clusterIP !== undefined && spec.clusterIP !== '')
    errors.push('spec.clusterIP must be empty for ExternalName');
  if (spec.selector !== undefined)
    errors.push('spec.selector is ignored for ExternalName: leave it out');
  return errors;
}

/** A manifest's schema errors, plus the ExternalName rules for a Service. */
export function publishedManifestErrors(doc: any): string[] {
  return [
    ...manifestErrors(doc),
    ...(doc.kind === 'Service' ? externalNameServiceErrors(doc) : []),
  ];
}

/**
 * ExternalSecret (external-secrets.io/v1beta1): no schema is shipped in shared/schemas, so its shape is checked by
 * hand against the v1beta1 API (the fields this module writes, and nothing else).
 */
export function externalSecretErrors(doc: any): string[] {
  const errors: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) errors.push(what);
  };
  const isStr = (v: unknown) => typeof v === 'string' && v.length > 0;
  const keysIn = (o: unknown, allowed: string[], at: string) => {
    if (!o || typeof o !== 'object')
      return errors.push(`${at} must be an object`);
    for (const k of Object.keys(o))
      expect(
        allowed.includes(k),
        `${at}.${k} is not a field of ExternalSecret v1beta1`,
      );
    return undefined;
  };
  expect(
    doc.apiVersion === 'external-secrets.io/v1beta1',
    'apiVersion must be external-secrets.io/v1beta1',
  );
  expect(doc.kind === 'ExternalSecret', 'kind must be ExternalSecret');
  keysIn(doc, ['apiVersion', 'kind', 'metadata', 'spec'], '');
  errors.push(...errorsOf(objectMeta(), doc.metadata).map(e => `metadata${e}`));
  const spec = doc.spec ?? {};
  keysIn(
    spec,
    ['refreshInterval', 'secretStoreRef', 'target', 'data', 'dataFrom'],
    'spec',
  );
  expect(
    /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(spec.refreshInterval),
    'spec.refreshInterval must be a Go duration',
  );
  keysIn(spec.secretStoreRef, ['kind', 'name'], 'spec.secretStoreRef');
  expect(
    ['SecretStore', 'ClusterSecretStore'].includes(spec.secretStoreRef?.kind),
    'spec.secretStoreRef.kind',
  );
  expect(
    isStr(spec.secretStoreRef?.name),
    'spec.secretStoreRef.name is required',
  );
  const target = spec.target ?? {};
  keysIn(
    target,
    ['name', 'creationPolicy', 'deletionPolicy', 'template', 'immutable'],
    'spec.target',
  );
  expect(
    ['Owner', 'Orphan', 'Merge', 'None'].includes(target.creationPolicy),
    'spec.target.creationPolicy',
  );
  keysIn(
    target.template,
    [
      'type',
      'engineVersion',
      'metadata',
      'data',
      'templateFrom',
      'mergePolicy',
    ],
    'spec.target.template',
  );
  expect(
    ['v1', 'v2'].includes(target.template?.engineVersion),
    'spec.target.template.engineVersion',
  );
  keysIn(
    target.template?.metadata,
    ['labels', 'annotations'],
    'spec.target.template.metadata',
  );
  for (const [k, v] of Object.entries(target.template?.data ?? {})) {
    expect(
      typeof v === 'string',
      `spec.target.template.data.${k} must be a string`,
    );
  }
  expect(
    Array.isArray(spec.data) && spec.data.length > 0,
    'spec.data must list the remote values',
  );
  (spec.data ?? []).forEach((d: any, i: number) => {
    keysIn(d, ['secretKey', 'remoteRef', 'sourceRef'], `spec.data[${i}]`);
    expect(isStr(d.secretKey), `spec.data[${i}].secretKey is required`);
    keysIn(
      d.remoteRef,
      [
        'key',
        'property',
        'version',
        'metadataPolicy',
        'conversionStrategy',
        'decodingStrategy',
      ],
      `spec.data[${i}].remoteRef`,
    );
    expect(
      isStr(d.remoteRef?.key),
      `spec.data[${i}].remoteRef.key is required`,
    );
  });
  return errors;
}

const catalogPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * A catalog entity checked as the catalog does on ingestion: envelope and field formats, and the Resource kind's
 * validator (unless `kind: false`, for other kinds that have their own validator).
 */
export async function catalogEntityErrors(
  doc: unknown,
  options: { kind?: boolean } = {},
): Promise<string[]> {
  try {
    const entity = await catalogPolicies.enforce(
      structuredClone(doc) as Entity,
    );
    if (
      options.kind !== false &&
      !(await resourceEntityV1alpha1Validator.check(entity!))
    )
      return ['not a Resource entity'];
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}
