/**
 * Writes to a hub cluster's Kubernetes API: create (POST), server-side apply (PATCH with
 * `application/apply-patch+yaml`) and delete of the writable types (core v1 Secrets and Argo CD
 * Applications). Answers are shaped like the API server's, Status bodies included; `dryRun=All` answers as if
 * the write happened and stores nothing. Secret `stringData` is merged into `data` (base64) as the API server
 * does; Application `status` is ignored on writes (status subresource).
 *
 * One module per step: request.ts (the body and options), checks.ts (what a write must pass), fieldPaths.ts and
 * managers.ts (field ownership), create.ts, apply.ts and delete.ts (the writes).
 */
export { applyObject } from './apply';
export { writableType } from './checks';
export { createObject } from './create';
export { deleteObject } from './delete';
