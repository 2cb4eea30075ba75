/**
 * What the actions read from the app config: the hub names (`hubSpoke.hubs[].name`, as the hub-spoke backend reads
 * them) and, for apply mode, each hub's own apply credential (`hubSpoke.hubs[].apply`): a service account of the
 * scaffolder's, separate from the `kubernetes.clusterLocatorMethods` entry the Kubernetes plugin's proxy hands to
 * users, and bound to what docs/security/apply-rbac.yaml grants. There is no fallback to that entry.
 */
import fs from 'node:fs';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ClusterAccess, decodeCaData } from '@hub-spoke/plugin-hub-spoke-node';
import { isDns1123Label } from '@hub-spoke/plugin-hub-spoke-common';

/** Where an adopter finds the Role the apply credential needs. */
export const APPLY_RBAC_DOC = 'docs/security/apply-rbac.yaml';

/**
 * How apply mode reaches a hub's Kubernetes API: `hubSpoke.hubs[<i>].apply` read and checked. Holds the token: never
 * log it or put it in a message.
 */
export type HubApplyAccess = Pick<ClusterAccess, 'url' | 'ca'> & {
  /** The hub (also the kubeconfig context's name). */
  name: string;
  /** Always false: the apply credential is sent only to a server whose certificate is verified. */
  skipTLSVerify: false;
  token: string;
  /** Argo CD's namespace on the hub: where every object of apply mode goes. */
  namespace: string;
  /** The config key it was read from (`hubSpoke.hubs[0].apply`), for messages. */
  configKey: string;
};

/** The configured hub names, in config order. */
export function readHubNames(config: Config): string[] {
  return (config.getOptionalConfigArray('hubSpoke.hubs') ?? []).map(h =>
    h.getString('name'),
  );
}

/** Reads a config value, turning a wrong type into an InputError that names the key. */
function typed<T>(key: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new InputError(`${key} is invalid: ${(e as Error).message}`);
  }
}

function readUrl(block: Config, key: string): string {
  const text = typed(`${key}.url`, () => block.getOptionalString('url'));
  if (!text?.trim()) throw new InputError(`${key}.url is required`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InputError(`${key}.url "${text}" is not a URL`);
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      `${key}.url must be https (the token must not travel in the clear), got ${url.protocol}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      `${key}.url must be the API server's base URL, without user info, query or fragment`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

function readCa(block: Config, key: string): string | undefined {
  const caData = typed(`${key}.caData`, () =>
    block.getOptionalString('caData'),
  );
  const caFile = typed(`${key}.caFile`, () =>
    block.getOptionalString('caFile'),
  );
  if (caData && caFile) {
    throw new InputError(`${key} has both caData and caFile: set one of them`);
  }
  if (caData) return decodeCaData(caData, `${key}.caData`);
  if (caFile) {
    let text: string;
    try {
      text = fs.readFileSync(caFile, 'utf8');
    } catch (e) {
      throw new InputError(
        `${key}.caFile cannot be read: ${(e as Error).message}`,
      );
    }
    return decodeCaData(text, `${key}.caFile`);
  }
  return undefined;
}

/**
 * The apply credential of a hub, `hubSpoke.hubs[<i>].apply`: https url, token, CA (caData as PEM or base64 PEM, or
 * caFile; the system CAs without either) and Argo CD's namespace (default argocd). Throws an InputError naming the key
 * to set when the hub has none or it is invalid: apply mode is refused then (no fallback to the Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` entry). Messages never hold the token.
 */
export function readHubApplyAccess(
  config: Config,
  hub: string,
): HubApplyAccess {
  const hubs = config.getOptionalConfigArray('hubSpoke.hubs') ?? [];
  const index = hubs.findIndex(h => h.getOptionalString('name') === hub);
  if (index < 0) {
    throw new InputError(
      `mode apply: hub ${hub} is not configured in hubSpoke.hubs`,
    );
  }
  const key = `hubSpoke.hubs[${index}].apply`;
  const block = typed(key, () => hubs[index].getOptionalConfig('apply'));
  if (!block) {
    throw new InputError(
      `mode apply needs a credential of its own on hub ${hub}: set ${key} (url, token, caData: a service account ` +
        `bound by the Role in ${APPLY_RBAC_DOC}), or use mode pull-request`,
    );
  }
  const url = readUrl(block, key);
  const token = typed(`${key}.token`, () =>
    block.getOptionalString('token'),
  )?.trim();
  if (!token) throw new InputError(`${key}.token is required`);
  const ca = readCa(block, key);
  const namespace = typed(`${key}.namespace`, () =>
    block.getOptionalString('namespace'),
  );
  if (namespace !== undefined && !isDns1123Label(namespace)) {
    throw new InputError(
      `${key}.namespace "${namespace}" is not a Kubernetes namespace name`,
    );
  }
  return {
    name: hub,
    url,
    ...(ca ? { ca } : {}),
    skipTLSVerify: false,
    token,
    namespace: namespace ?? 'argocd',
    configKey: key,
  };
}

/**
 * Argo CD's namespace in apply mode: the one of the hub's apply credential, never the template input's. An input
 * `argocdNamespace` that names another is refused (InputError), so a template cannot point the credential elsewhere.
 */
export function applyNamespace(access: HubApplyAccess, given: unknown): string {
  if (
    typeof given === 'string' &&
    given.trim() !== '' &&
    given.trim() !== access.namespace
  ) {
    throw new InputError(
      `argocdNamespace "${given.trim()}" is not Argo CD's namespace on hub ${
        access.name
      } in mode apply: it is ` +
        `"${access.namespace}" (${access.configKey}.namespace). Leave argocdNamespace out, or use mode pull-request`,
    );
  }
  return access.namespace;
}
