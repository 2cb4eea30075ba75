/**
 * Checks the schemas cannot make: the apiserver's own rules for ExternalName Services, and the closed field list of
 * the ExternalSecret this project writes. Pure; used by `npm test` and by the contract suite.
 */
import { modelErrors } from './kubernetesModels';

type Json = Record<string, any>;

/**
 * The apiserver's ExternalName rules, which the core/v1 schema does not carry: type ExternalName, a lowercase
 * RFC-1123 externalName, no clusterIP, no selector.
 */
export function externalNameServiceErrors(doc: Json): string[] {
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

/**
 * An ExternalSecret (external-secrets.io/v1beta1): the package schema, plus a closed check of the fields this module
 * writes (the package's schema accepts unknown fields).
 */
export function externalSecretErrors(doc: Json): string[] {
  const errors: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) errors.push(what);
  };
  const isStr = (v: unknown) => typeof v === 'string' && v.length > 0;
  const keysIn = (o: unknown, allowed: string[], at: string) => {
    if (!o || typeof o !== 'object') {
      errors.push(`${at} must be an object`);
      return;
    }
    for (const k of Object.keys(o))
      expect(
        allowed.includes(k),
        `${at}.${k} is not a field of ExternalSecret v1beta1`,
      );
  };
  expect(
    doc.apiVersion === 'external-secrets.io/v1beta1',
    'apiVersion must be external-secrets.io/v1beta1',
  );
  expect(doc.kind === 'ExternalSecret', 'kind must be ExternalSecret');
  keysIn(doc, ['apiVersion', 'kind', 'metadata', 'spec'], '');
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
  (spec.data ?? []).forEach((d: Json, i: number) => {
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
  return [...errors, ...modelErrors(doc)];
}
