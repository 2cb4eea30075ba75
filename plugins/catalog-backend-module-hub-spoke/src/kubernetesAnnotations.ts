/**
 * Annotations of Backstage's kubernetes plugin (the values of the constants in @backstage/plugin-kubernetes-common,
 * copied so that this module does not depend on the kubernetes plugins).
 */
export const ANNOTATION_KUBERNETES_API_SERVER = 'kubernetes.io/api-server';
export const ANNOTATION_KUBERNETES_API_SERVER_CA =
  'kubernetes.io/api-server-certificate-authority';
export const ANNOTATION_KUBERNETES_AUTH_PROVIDER =
  'kubernetes.io/auth-provider';
