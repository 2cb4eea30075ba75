/**
 * cert-manager's view of a wildcard certificate: the Certificate (ready, expired or failing to renew) and the
 * TLS Secret it writes.
 */
import { CertificateSpec, KubeObject } from '../../types';
import { DAY, HOUR, isoSeconds, pick } from '../../util';

/** The Ready condition of a Certificate: up to date, expired, or failing to renew. */
function readyCondition(
  c: CertificateSpec,
  secretName: string,
  notBefore: number,
  notAfter: number,
  renewal: number,
): Record<string, unknown> {
  if (c.ready && c.notAfterDays > 0) {
    return {
      type: 'Ready',
      status: 'True',
      reason: 'Ready',
      message: 'Certificate is up to date and has not expired',
      lastTransitionTime: isoSeconds(notBefore + HOUR),
      observedGeneration: 1,
    };
  }
  if (c.notAfterDays <= 0) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'Expired',
      message: `Certificate expired on ${new Date(notAfter).toUTCString()}`,
      lastTransitionTime: isoSeconds(notAfter),
      observedGeneration: 1,
    };
  }
  return {
    type: 'Ready',
    status: 'False',
    reason: 'Failed',
    message: `The certificate request has failed to complete and will be retried: Failed to wait for order resource "${secretName}-1-2784632214" to become ready: order is in "errored" state: Failed to create Order: 429 urn:ietf:params:acme:error:rateLimited`,
    lastTransitionTime: isoSeconds(renewal),
    observedGeneration: 1,
  };
}

/** A cert-manager Certificate for `*.domain` and `domain`, its status shaped by the spec (expiry, readiness). */
export function certificate(
  name: string,
  ns: string,
  domain: string,
  secretName: string,
  c: CertificateSpec,
  now: number,
): KubeObject {
  const notAfter = now + c.notAfterDays * DAY;
  const notBefore = notAfter - 90 * DAY;
  const renewal = notAfter - 30 * DAY;
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace: ns, generation: 1 },
    spec: {
      secretName,
      commonName: `*.${domain}`,
      dnsNames: [`*.${domain}`, domain],
      duration: '2160h0m0s',
      renewBefore: '720h0m0s',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['digital signature', 'key encipherment', 'server auth'],
      issuerRef: {
        name: c.issuer,
        kind: 'ClusterIssuer',
        group: 'cert-manager.io',
      },
    },
    status: {
      conditions: [
        readyCondition(c, secretName, notBefore, notAfter, renewal),
        ...(now > renewal
          ? [
              {
                type: 'Issuing',
                status: 'True',
                reason: 'Renewing',
                message: `Renewing certificate as renewal was scheduled at ${new Date(
                  renewal,
                ).toUTCString()}`,
                lastTransitionTime: isoSeconds(renewal),
                observedGeneration: 1,
              },
            ]
          : []),
      ],
      notBefore: isoSeconds(notBefore),
      notAfter: isoSeconds(notAfter),
      renewalTime: isoSeconds(renewal),
      revision: 1 + pick(`certrev:${ns}/${name}`, 6),
      ...(now > renewal
        ? {
            failedIssuanceAttempts: 1 + pick(`fail:${ns}/${name}`, 4),
            lastFailureTime: isoSeconds(now - 2 * HOUR),
          }
        : {}),
    },
  };
}

/** The TLS Secret cert-manager writes for the wildcard Certificate (placeholder PEM, not a real key). */
export function tlsSecret(
  name: string,
  ns: string,
  domain: string,
): KubeObject {
  const pem = (label: string) =>
    Buffer.from(
      `-----BEGIN ${label}-----\nU0lNVUxBVEVEIC0gbm90IGEgcmVhbCBrZXkgZm9yICoue2RvbWFpbn0=\n-----END ${label}-----\n`,
    ).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: ns,
      annotations: {
        'cert-manager.io/alt-names': `*.${domain},${domain}`,
        'cert-manager.io/certificate-name': 'wildcard-apps',
        'cert-manager.io/common-name': `*.${domain}`,
        'cert-manager.io/issuer-kind': 'ClusterIssuer',
      },
      labels: { 'controller.cert-manager.io/fao': 'true' },
    },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': pem('CERTIFICATE'), 'tls.key': pem('EC PRIVATE KEY') },
  };
}
