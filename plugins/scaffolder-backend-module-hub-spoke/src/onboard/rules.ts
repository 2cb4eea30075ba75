/**
 * The rules of a spoke's input: its API server, CIDRs, labels, add-ons, auth, TLS and ingress domain. Each returns
 * the checked value or throws an InputError saying what to fix. Pure: no I/O.
 */
import { InputError } from '@backstage/errors';
import { ADDON_LABEL_PREFIX, ARGOCD_SECRET_TYPE_LABEL } from '../ids';
import { EXEC_API_VERSION } from '../manifests/clusterSecret';
import {
  ADDON_NAMES,
  AddonName,
  SpokeAuth,
  SpokeTls,
} from '../manifests/types';
import {
  Cidr,
  cidrsOverlap,
  labelKeyProblem,
  labelValueProblem,
  parseCidr,
  privateRangeOf,
} from '@hub-spoke/plugin-hub-spoke-common';
import { domainProblem } from '../validation/names';
import { given } from '../input/rules';
import { decodeCaData, normalizeServerUrl } from '../input/hygiene';

/** The API server URL: https, a host, no credentials, query or fragment; returned normalized (normalizeServerUrl). */
export function checkServer(server: string): string {
  let url: URL;
  try {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(server.trim()))
      throw new Error('no scheme');
    url = new URL(server.trim());
  } catch {
    throw new InputError(
      `server "${server}" is not a URL; give the https URL of the spoke's API server`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      `server "${server}" must use https: Argo CD sends the spoke's credentials to it (got ${url.protocol.replace(
        ':',
        '',
      )})`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      'server must not contain credentials: tokens go in secrets, not inputs',
    );
  }
  if (url.search || url.hash || /[?#]/.test(server))
    throw new InputError(
      `server "${server}" must not have a query or fragment`,
    );
  // Stored as parsed (lowercase host, no default port, no trailing slash): what Argo CD connects to, in one
  // spelling; servers are compared in the same form (comparableServer).
  return normalizeServerUrl(url);
}

/** CIDRs: each valid, without host bits, in a private range, not overlapping one another. Canonical text. */
export function checkCidrs(cidr: string | undefined): string[] {
  const text = given(cidr);
  if (!text) return [];
  const out: Cidr[] = [];
  for (const part of text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)) {
    const parsed = parseCidr(part);
    if (!parsed) {
      throw new InputError(
        `cidr "${part}" is not a CIDR (e.g. 10.30.0.0/16 or fd00:30::/48)`,
      );
    }
    if (parsed.hostBits) {
      throw new InputError(
        `cidr "${part}" has host bits set; the network is ${parsed.text}`,
      );
    }
    if (!privateRangeOf(parsed)) {
      throw new InputError(
        `cidr "${part}" is not a private network: use a range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or fc00::/7`,
      );
    }
    for (const other of out) {
      if (cidrsOverlap(other, parsed)) {
        throw new InputError(
          `cidr lists ${other.text} and ${parsed.text}, which overlap`,
        );
      }
    }
    out.push(parsed);
  }
  return out.map(c => c.text);
}

/** Labels of the Argo CD cluster: Kubernetes label syntax, none of the labels the action sets itself. */
export function checkLabels(
  labels: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem)
      throw new InputError(
        `label key "${key}" is not a valid Kubernetes label key: ${keyProblem}`,
      );
    if (typeof value !== 'string')
      throw new InputError(`label "${key}" must have a string value`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) {
      throw new InputError(
        `label "${key}" has value "${value}", not a valid Kubernetes label value: ${valueProblem}`,
      );
    }
    if (key === ARGOCD_SECRET_TYPE_LABEL) {
      throw new InputError(
        `label "${key}" is set by the action (it makes the Secret an Argo CD cluster)`,
      );
    }
    if (key.startsWith(ADDON_LABEL_PREFIX)) {
      throw new InputError(
        `label "${key}" is set by the action from addons; list the add-on in addons instead`,
      );
    }
    out[key] = value;
  }
  return out;
}

/** Add-ons: known ones only, in the order of ADDON_NAMES, each once. */
export function checkAddons(addons: string[] | undefined): AddonName[] {
  const set = new Set(addons ?? []);
  for (const a of set) {
    if (!(ADDON_NAMES as readonly string[]).includes(a)) {
      throw new InputError(
        `Unknown add-on "${a}"; known add-ons: ${ADDON_NAMES.join(', ')}`,
      );
    }
  }
  return ADDON_NAMES.filter(a => set.has(a));
}

const AUTH_FIELDS: Record<SpokeAuth['type'], string[]> = {
  aws: ['type', 'clusterName', 'roleARN'],
  azure: ['type', 'clientId', 'tenantId'],
  exec: ['type', 'command', 'args', 'env', 'apiVersion'],
  bearerToken: ['type', 'secretStore', 'remoteRef'],
};

/** The auth block, trimmed to its type's fields (forms keep the fields of a type chosen before). */
export function checkAuth(
  auth: Record<string, unknown> & { type: SpokeAuth['type'] },
): {
  auth: SpokeAuth;
  ignored: string[];
} {
  const ignored = Object.keys(auth).filter(
    k => !AUTH_FIELDS[auth.type].includes(k),
  );
  const a = auth as Record<string, any>;
  const need = (k: string) => {
    const v = given(a[k]);
    if (!v)
      throw new InputError(`auth.${k} is required for auth type ${auth.type}`);
    return v;
  };
  switch (auth.type) {
    case 'aws': {
      const roleARN = need('roleARN');
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleARN)) {
        throw new InputError(
          `auth.roleARN "${roleARN}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
        );
      }
      return {
        auth: { type: 'aws', clusterName: need('clusterName'), roleARN },
        ignored,
      };
    }
    case 'azure': {
      const clientId = need('clientId');
      const tenantId = given(a.tenantId);
      return {
        auth: { type: 'azure', clientId, ...(tenantId ? { tenantId } : {}) },
        ignored,
      };
    }
    case 'exec': {
      const env: Record<string, string> = a.env ?? {};
      for (const k of Object.keys(env)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
          throw new InputError(
            `auth.env "${k}" is not an environment variable name`,
          );
      }
      return {
        auth: {
          type: 'exec',
          command: need('command'),
          args: a.args ?? [],
          env,
          apiVersion: given(a.apiVersion) ?? EXEC_API_VERSION,
        },
        ignored,
      };
    }
    case 'bearerToken': {
      const storeName = given(a.secretStore?.name);
      const key = given(a.remoteRef?.key);
      const property = given(a.remoteRef?.property);
      return {
        auth: {
          type: 'bearerToken',
          ...(storeName
            ? {
                secretStore: {
                  kind: a.secretStore.kind ?? 'ClusterSecretStore',
                  name: storeName,
                },
              }
            : {}),
          ...(key
            ? { remoteRef: { key, ...(property ? { property } : {}) } }
            : {}),
        },
        ignored,
      };
    }
    default:
      throw new InputError(
        `Unknown auth type "${(auth as { type: string }).type}"`,
      );
  }
}

/** tls: a CA (base64 PEM, or PEM which is encoded; decoded strictly, see decodeCaData) or insecure, not both. */
export function checkTls(
  tls: { caData?: string; insecure?: boolean } | undefined,
): SpokeTls | undefined {
  const caText = given(tls?.caData);
  if (caText && tls?.insecure)
    throw new InputError('tls takes caData or insecure, not both');
  if (tls?.insecure) return { insecure: true };
  if (!caText) return undefined;
  return { caData: decodeCaData(caText, 'tls.caData') };
}

/** The spoke's wildcard ingress domain, when given. */
export function checkDomain(domain: string | undefined): string | undefined {
  const value = given(domain);
  if (!value) return undefined;
  const problem = domainProblem(value);
  if (problem) throw new InputError(`ingressDomain "${value}" ${problem}`);
  return value;
}
