import { ApiException } from '@kubernetes/client-node';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { kubernetesStatusMessage, toBackstageError } from './errors';

const status = (code: number, message: string) =>
  JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason: 'Conflict',
    code,
  });

describe('kubernetesStatusMessage', () => {
  it('takes the message of a Status, as JSON text or parsed', () => {
    expect(kubernetesStatusMessage(status(409, 'already exists'))).toBe(
      'already exists',
    );
    expect(kubernetesStatusMessage({ kind: 'Status', message: 'gone' })).toBe(
      'gone',
    );
  });

  it('falls back to the text, trimmed and cut to 300 characters', () => {
    expect(kubernetesStatusMessage('  upstream connect error \n')).toBe(
      'upstream connect error',
    );
    expect(kubernetesStatusMessage('x'.repeat(400))).toBe('x'.repeat(300));
    expect(kubernetesStatusMessage('{"kind":"Status"}')).toBe(
      '{"kind":"Status"}',
    );
  });

  it('has nothing to say for an empty body or an object without message', () => {
    expect(kubernetesStatusMessage('')).toBeUndefined();
    expect(kubernetesStatusMessage('   ')).toBeUndefined();
    expect(kubernetesStatusMessage(undefined)).toBeUndefined();
    expect(kubernetesStatusMessage({ kind: 'Status', message: '' })).toBe(
      undefined,
    );
  });
});

describe('toBackstageError', () => {
  const where = 'hub aks-mgmt-hub (https://hub.example.com)';
  const fail = (code: number, body: unknown) =>
    new ApiException(code, 'Unknown API Status Code!', body, {});

  it.each([
    [409, ConflictError],
    [404, NotFoundError],
  ])('maps %s to %p with the Status message', (code, type) => {
    const error = toBackstageError(
      fail(code, status(code, 'secrets "x" already exists')),
      'apply Secret argocd/x',
      where,
    );
    expect(error).toBeInstanceOf(type);
    expect(error.message).toBe(
      `Could not apply Secret argocd/x on ${where}: secrets "x" already exists`,
    );
  });

  it.each([401, 403])(
    'maps %s to NotAllowedError with a hint at the token',
    code => {
      const error = toBackstageError(
        fail(code, ''),
        'list the cluster Secrets in argocd',
        where,
        { rejectedBy: 'the hub' },
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        `Could not list the cluster Secrets in argocd on ${where}: HTTP ${code} (the hub rejected the serviceAccountToken of its kubernetes.clusterLocatorMethods entry)`,
      );
      expect(toBackstageError(fail(code, ''), 'read', where).message).toContain(
        '(the cluster rejected the serviceAccountToken',
      );
    },
  );

  it('keeps other statuses and other failures as plain errors with their reason', () => {
    const server = toBackstageError(
      fail(500, 'etcdserver: request timed out'),
      'delete Secret argocd/x',
      where,
    );
    expect(server.constructor).toBe(Error);
    expect(server.message).toBe(
      `Could not delete Secret argocd/x on ${where}: etcdserver: request timed out`,
    );
    const network = toBackstageError(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), {
        code: 'ECONNREFUSED',
      }),
      'delete Secret argocd/x',
      where,
    );
    expect(network.constructor).toBe(Error);
    expect(network.message).toBe(
      `Could not delete Secret argocd/x on ${where}: connect ECONNREFUSED 10.0.0.1:6443`,
    );
  });
});
