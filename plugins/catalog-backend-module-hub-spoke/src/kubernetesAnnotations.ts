/**
 * Annotations of Backstage's kubernetes plugin (the values of the constants in @backstage/plugin-kubernetes-common,
 * copied so that this module does not depend on the kubernetes plugins).
 */
export const ANNOTATION_KUBERNETES_API_SERVER = 'kubernetes.io/api-server';
export const ANNOTATION_KUBERNETES_API_SERVER_CA =
  'kubernetes.io/api-server-certificate-authority';
export const ANNOTATION_KUBERNETES_AUTH_PROVIDER =
  'kubernetes.io/auth-provider';
export const ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER =
  'kubernetes.io/oidc-token-provider';
export const ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE =
  'kubernetes.io/aws-assume-role';
export const ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID =
  'kubernetes.io/aws-external-id';
export const ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP =
  'kubernetes.io/skip-metrics-lookup';
export const ANNOTATION_KUBERNETES_DASHBOARD_URL =
  'kubernetes.io/dashboard-url';
export const ANNOTATION_KUBERNETES_DASHBOARD_APP =
  'kubernetes.io/dashboard-app';
