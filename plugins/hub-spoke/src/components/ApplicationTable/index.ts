export { ApplicationTable, shortRevision, urlLabel } from './ApplicationTable';
export type { ApplicationColumn } from './ApplicationTable';
