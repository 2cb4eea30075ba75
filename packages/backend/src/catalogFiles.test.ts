/**
 * The catalog files app-config.yaml points at must load: one YAML error drops a whole file from the catalog
 * (and the demo's entity pages with it).
 */
import {
  componentEntityV1alpha1Validator,
  entitySchemaValidator,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(__dirname, '../../..');
const appConfig = YAML.parse(
  fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
);
const files: string[] = appConfig.catalog.locations
  .filter((l: { type: string }) => l.type === 'file')
  .map((l: { target: string }) =>
    path.resolve(root, 'packages/backend', l.target),
  );

const kindValidators: Record<string, (e: unknown) => Promise<boolean>> = {
  Component: e => componentEntityV1alpha1Validator.check(e as any),
  Resource: e => resourceEntityV1alpha1Validator.check(e as any),
  System: e => systemEntityV1alpha1Validator.check(e as any),
  Group: e => groupEntityV1alpha1Validator.check(e as any),
  User: e => userEntityV1alpha1Validator.check(e as any),
};

describe('catalog files', () => {
  const validate = entitySchemaValidator();

  it.each(files.map(f => [path.relative(root, f), f]))(
    '%s parses and every entity is valid',
    async (_name, file) => {
      const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
      expect(docs.flatMap(d => d.errors.map(e => e.message))).toEqual([]);
      expect(docs.length).toBeGreaterThan(0);
      const entities = docs.map(doc => doc.toJS());
      for (const entity of entities) {
        expect(() => validate(entity)).not.toThrow();
      }
      // Kinds without a validator here are covered by the schema check alone.
      for (const entity of entities.filter(e => kindValidators[e.kind])) {
        await expect(kindValidators[entity.kind](entity)).resolves.toBe(true);
      }
    },
  );
});
