import { externalNameServiceErrors } from './rules';
import { modelErrors } from './kubernetesModels';

export { modelErrors, VALIDATED_KINDS } from './kubernetesModels';
export { externalNameServiceErrors, externalSecretErrors } from './rules';

/** Validates a manifest by its apiVersion/kind with the `@kubernetes-models` packages (see kubernetesModels.ts). */
export function manifestErrors(doc: {
  apiVersion?: string;
  kind?: string;
}): string[] {
  return modelErrors(doc);
}

/** A published manifest's schema errors, plus the apiserver's ExternalName rules for a Service. */
export function publishedManifestErrors(doc: any): string[] {
  return [
    ...modelErrors(doc),
    ...(doc.kind === 'Service' ? externalNameServiceErrors(doc) : []),
  ];
}
