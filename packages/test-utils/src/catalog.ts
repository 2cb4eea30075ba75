/** Catalog entities checked as the catalog checks them on ingestion. */
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';

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
