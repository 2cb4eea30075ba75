/**
 * Field managers of an object (`metadata.managedFields`): who applied or updated which fields, read from and
 * written to FieldsV1.
 */
import { KubeObject } from '../../types';
import { Json, Path, fromFieldsV1, toFieldsV1 } from './fieldPaths';

/** One manager's entry: its name, operation, API version, time and the fields it owns. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  paths: Path[];
}

/** The managers recorded on an object. */
export function readManagers(obj: KubeObject): ManagerEntry[] {
  const mf = obj.metadata.managedFields;
  if (!Array.isArray(mf)) return [];
  return mf.map((e: Json) => ({
    manager: String(e.manager ?? ''),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: String(e.apiVersion ?? obj.apiVersion),
    time: String(e.time ?? ''),
    paths: fromFieldsV1(e.fieldsV1),
  }));
}

/** managedFields of the managers that own any field. */
export function writeManagers(entries: ManagerEntry[]): Json[] {
  return entries
    .filter(e => e.paths.length > 0)
    .map(e => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(e.paths),
    }));
}
