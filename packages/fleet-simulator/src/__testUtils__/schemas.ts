/**
 * Validators built from the upstream schemas in ../shared/schemas (beside the repository root).
 * Object schemas are "closed" (additionalProperties: false where the schema lists properties and does not
 * preserve unknown fields), so a misspelt or invented field fails validation too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

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

type Json = Record<string, unknown>;

function closeSchemas(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeSchemas);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    // Do not descend into maps of property names as if they were schemas.
    out[k] =
      k === 'properties' || k === 'definitions' || k === 'schemas'
        ? Object.fromEntries(
            Object.entries(v as Json).map(([pk, pv]) => [pk, closeSchemas(pv)]),
          )
        : closeSchemas(v);
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

function newAjv(): Ajv {
  const ajv = new Ajv({
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
  return ajv;
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    ajv = newAjv();
    const swagger = JSON.parse(
      fs.readFileSync(
        path.join(schemasDir, 'argo-cd/api/swagger.json'),
        'utf8',
      ),
    );
    const definitions = closeSchemas(swagger.definitions) as Json;
    // FieldsV1 (managedFields) is written as the raw JSON trie its description documents ({"f:spec": {...}}): its
    // Go `Raw` bytes field is marshalled as the JSON itself, so the swagger properties do not describe the JSON.
    definitions.v1FieldsV1 = { type: 'object' };
    ajv.addSchema({ $id: 'argocd', definitions });
    const core = JSON.parse(
      fs.readFileSync(
        path.join(schemasDir, 'kubernetes/api__v1_openapi.json'),
        'utf8',
      ),
    );
    ajv.addSchema({
      $id: 'k8s',
      components: { schemas: closeSchemas(core.components.schemas) },
    });
  }
  return ajv;
}

/** A validator for a swagger definition of Argo CD's API, e.g. v1alpha1ClusterList. */
export function argoDefinition(name: string): ValidateFunction {
  const key = `argocd#/definitions/${name}`;
  let v = cache.get(key);
  if (!v) {
    v = getAjv().getSchema(key);
    if (!v) throw new Error(`no definition ${name}`);
    cache.set(key, v);
  }
  return v;
}

/** A validator for a Kubernetes core/v1 schema, e.g. io.k8s.api.core.v1.Node. */
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

/** A validator for a CRD file's served version (relative to the schemas folder). */
export function crdSchema(file: string, version: string): ValidateFunction {
  const key = `${file}@${version}`;
  let v = cache.get(key);
  if (!v) {
    const docs = fs.readFileSync(path.join(schemasDir, file), 'utf8');
    const crd = parse(docs) as {
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
    // The API server always allows apiVersion, kind and metadata at the root, even when a CRD omits them.
    const root = closeSchemas(ver.schema.openAPIV3Schema) as Json;
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
