export { decodeCaData } from './decodeCaData';
export { caDataOf, kubeConfigFor } from './kubeConfigFor';
export {
  readClusterAccess,
  readClusterEntries,
  SUPPORTED_AUTH_PROVIDER,
} from './readClusterAccess';
export type {
  ClusterAccess,
  LenientClusterAccess,
  ReadClusterAccessOptions,
} from './types';
