import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { spec } from '../schema/openapi.generated';

/**
 * Validates response bodies against the plugin's OpenAPI document.
 *
 * backend-openapi-utils' wrapServer does the same through a proxy, but that proxy resolves "localhost" with DNS
 * queries that never reach /etc/hosts on these machines (getaddrinfo ENOTFOUND localhost), so tests use this.
 */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'hub-spoke', components: spec.components as object });

export type SchemaName = keyof typeof spec.components.schemas;

export function expectMatchesSpec(schema: SchemaName, body: unknown) {
  const validate = ajv.getSchema(`hub-spoke#/components/schemas/${schema}`);
  if (!validate) throw new Error(`No schema ${schema} in the spec`);
  if (!validate(body)) {
    throw new Error(
      `Response does not match the OpenAPI schema ${schema}: ${ajv.errorsText(
        validate.errors,
        { separator: '\n' },
      )}`,
    );
  }
}
