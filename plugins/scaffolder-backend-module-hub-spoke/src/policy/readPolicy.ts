/**
 * The platform's policy for the scaffolder actions, read once from `hubSpoke.scaffolder` and each hub's
 * `hubSpoke.hubs[].scaffolder` (see config.d.ts): what any run may ask a hub to do. What is not listed is refused.
 */
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  ExecForm,
  domainPatternProblem,
  hostPatternProblem,
  projectPatternProblem,
  repoPatternProblem,
} from './match';

/**
 * The exec forms onboarding itself writes (manifests/clusterSecret.ts and Argo CD's awsAuthConfig): the
 * `argocd-k8s-auth` plugin for AKS workload identity, EKS and GKE. @public
 */
export const DEFAULT_EXEC_COMMANDS: readonly ExecForm[] = [
  { command: 'argocd-k8s-auth', args: ['azure'] },
  {
    command: 'argocd-k8s-auth',
    args: ['aws', '--cluster-name', '*', '--role-arn', '*'],
  },
  { command: 'argocd-k8s-auth', args: ['gcp'] },
];

/** The default prefix of `auth.remoteRef.key`. @public */
export const DEFAULT_REMOTE_REF_KEY_PREFIX = 'hub-spoke/';

/** The keys of a policy block, as written in the config. @public */
export type ScaffolderPolicyKey =
  | 'sourceRepos'
  | 'gitopsRepos'
  | 'projects'
  | 'allowHubDestination'
  | 'hubGatewayDomains'
  | 'serverHosts'
  | 'exec.commands'
  | 'exec.allowInApplyMode'
  | 'remoteRefKeyPrefix';

/** The policy of one hub: its own keys over the global ones over the defaults. @public */
export interface ScaffolderPolicy {
  /** The hub, or undefined for the global policy. */
  hub?: string;
  /** Patterns of `source.repoURL` (publish). Default: none. */
  sourceRepos: string[];
  /** Patterns of `gitops.repoURL` (onboard, publish). Default: none. */
  gitopsRepos: string[];
  /** Argo CD projects allowed; undefined: any but `default`. */
  projects?: string[];
  /** Whether exposure hub may deploy to the hub itself. Default: false. */
  allowHubDestination: boolean;
  /** Domains the hub's shared gateway may serve. Default: none. */
  hubGatewayDomains: string[];
  /** Spoke API server hosts: exact, `*.` wildcards, IPs or CIDRs. Default: none. */
  serverHosts: string[];
  /** What auth type exec may run. */
  exec: {
    /** Allowed commands with their exact arguments. Default: DEFAULT_EXEC_COMMANDS. */
    commands: ExecForm[];
    /** Whether auth type exec is allowed in apply mode. Default: false. */
    allowInApplyMode: boolean;
  };
  /** Prefix every `auth.remoteRef.key` must have. Default: `hub-spoke/`. */
  remoteRefKeyPrefix: string;
  /**
   * For each key, the config key an admin changes to change it here: the hub's own when it sets it, else the global
   * one (also when neither sets it and the default applies).
   */
  keys: Record<ScaffolderPolicyKey, string>;
  /** The keys that are defaults (set nowhere). */
  defaults: ScaffolderPolicyKey[];
}

/** The policies of every hub. @public */
export interface ScaffolderPolicies {
  /** The policy of a hub (the global one for a hub without a block of its own). */
  forHub(hub: string): ScaffolderPolicy;
}

type Block = Partial<{
  sourceRepos: string[];
  gitopsRepos: string[];
  projects: string[];
  allowHubDestination: boolean;
  hubGatewayDomains: string[];
  serverHosts: string[];
  'exec.commands': ExecForm[];
  'exec.allowInApplyMode': boolean;
  remoteRefKeyPrefix: string;
}>;

const BLOCK_KEYS = [
  'sourceRepos',
  'gitopsRepos',
  'projects',
  'allowHubDestination',
  'hubGatewayDomains',
  'serverHosts',
  'exec',
  'remoteRefKeyPrefix',
];

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(value: JsonObject, known: string[], at: string): void {
  const unknown = Object.keys(value).filter(k => !known.includes(k));
  if (unknown.length > 0) {
    throw new InputError(
      `${at}.${
        unknown[0]
      } is not a key of the scaffolder policy; the keys are ${known.join(
        ', ',
      )}`,
    );
  }
}

function stringList(
  value: JsonValue | undefined,
  at: string,
  problem: (v: string) => string | undefined,
): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new InputError(`${at} must be a list of strings`);
  }
  return (value as string[]).map((v, i) => {
    const p = problem(v);
    if (p) throw new InputError(`${at}[${i}] "${v}" ${p}`);
    return v.trim();
  });
}

function bool(value: JsonValue | undefined, at: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new InputError(`${at} must be true or false`);
  return value;
}

function execForms(
  value: JsonValue | undefined,
  at: string,
): ExecForm[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw new InputError(
      `${at} must be a list of { command, args } (e.g. { command: argocd-k8s-auth, args: [gcp] })`,
    );
  return value.map((entry, i) => {
    const where = `${at}[${i}]`;
    if (!isObject(entry))
      throw new InputError(`${where} must be an object { command, args }`);
    unknownKeys(entry, ['command', 'args'], where);
    const command = entry.command;
    if (
      typeof command !== 'string' ||
      command.trim() === '' ||
      /\s/.test(command)
    )
      throw new InputError(
        `${where}.command must be a command name or path, without spaces (its arguments go in args)`,
      );
    const args = stringList(entry.args, `${where}.args`, () => undefined);
    return { command, ...(args ? { args } : {}) };
  });
}

function readBlock(value: JsonValue | undefined, at: string): Block {
  if (value === undefined || value === null) return {};
  if (!isObject(value))
    throw new InputError(`${at} must be an object (the scaffolder policy)`);
  unknownKeys(value, BLOCK_KEYS, at);
  const exec = value.exec;
  if (exec !== undefined && exec !== null && !isObject(exec))
    throw new InputError(
      `${at}.exec must be an object with commands and allowInApplyMode`,
    );
  if (isObject(exec))
    unknownKeys(exec, ['commands', 'allowInApplyMode'], `${at}.exec`);
  const prefix = value.remoteRefKeyPrefix;
  if (prefix !== undefined && prefix !== null && typeof prefix !== 'string')
    throw new InputError(`${at}.remoteRefKeyPrefix must be a string`);
  const block: Block = {
    sourceRepos: stringList(
      value.sourceRepos,
      `${at}.sourceRepos`,
      repoPatternProblem,
    ),
    gitopsRepos: stringList(
      value.gitopsRepos,
      `${at}.gitopsRepos`,
      repoPatternProblem,
    ),
    projects: stringList(
      value.projects,
      `${at}.projects`,
      projectPatternProblem,
    ),
    allowHubDestination: bool(
      value.allowHubDestination,
      `${at}.allowHubDestination`,
    ),
    hubGatewayDomains: stringList(
      value.hubGatewayDomains,
      `${at}.hubGatewayDomains`,
      domainPatternProblem,
    ),
    serverHosts: stringList(
      value.serverHosts,
      `${at}.serverHosts`,
      hostPatternProblem,
    ),
    'exec.commands': execForms(
      isObject(exec) ? exec.commands : undefined,
      `${at}.exec.commands`,
    ),
    'exec.allowInApplyMode': bool(
      isObject(exec) ? exec.allowInApplyMode : undefined,
      `${at}.exec.allowInApplyMode`,
    ),
    remoteRefKeyPrefix: typeof prefix === 'string' ? prefix : undefined,
  };
  return Object.fromEntries(
    Object.entries(block).filter(([, v]) => v !== undefined),
  ) as Block;
}

const GLOBAL_KEY = 'hubSpoke.scaffolder';

function policyOf(
  global: Block,
  own: Block,
  hub?: { name: string; key: string },
): ScaffolderPolicy {
  const all: ScaffolderPolicyKey[] = [
    'sourceRepos',
    'gitopsRepos',
    'projects',
    'allowHubDestination',
    'hubGatewayDomains',
    'serverHosts',
    'exec.commands',
    'exec.allowInApplyMode',
    'remoteRefKeyPrefix',
  ];
  const pick = <K extends ScaffolderPolicyKey>(k: K) =>
    (own[k] ?? global[k]) as Block[K];
  return {
    ...(hub ? { hub: hub.name } : {}),
    sourceRepos: pick('sourceRepos') ?? [],
    gitopsRepos: pick('gitopsRepos') ?? [],
    ...(pick('projects') ? { projects: pick('projects') } : {}),
    allowHubDestination: pick('allowHubDestination') ?? false,
    hubGatewayDomains: pick('hubGatewayDomains') ?? [],
    serverHosts: pick('serverHosts') ?? [],
    exec: {
      commands: pick('exec.commands') ?? [...DEFAULT_EXEC_COMMANDS],
      allowInApplyMode: pick('exec.allowInApplyMode') ?? false,
    },
    remoteRefKeyPrefix:
      pick('remoteRefKeyPrefix') ?? DEFAULT_REMOTE_REF_KEY_PREFIX,
    keys: Object.fromEntries(
      all.map(k => [
        k,
        `${hub && own[k] !== undefined ? hub.key : GLOBAL_KEY}.${k}`,
      ]),
    ) as Record<ScaffolderPolicyKey, string>,
    defaults: all.filter(k => own[k] === undefined && global[k] === undefined),
  };
}

/**
 * Reads `hubSpoke.scaffolder` and every `hubSpoke.hubs[].scaffolder` once (at module start). Throws an InputError
 * naming the key when a value has the wrong type or a pattern is unusable, or a key is unknown (a typo would
 * otherwise quietly refuse or allow).
 *
 * @public
 */
export function readScaffolderPolicies(config: Config): ScaffolderPolicies {
  const global = readBlock(config.getOptional(GLOBAL_KEY), GLOBAL_KEY);
  const hubs = new Map<string, ScaffolderPolicy>();
  const hubList = config.getOptional('hubSpoke.hubs');
  if (Array.isArray(hubList)) {
    hubList.forEach((h, i) => {
      if (!isObject(h) || typeof h.name !== 'string') return;
      const key = `hubSpoke.hubs[${i}].scaffolder`;
      if (hubs.has(h.name)) return;
      hubs.set(
        h.name,
        policyOf(global, readBlock(h.scaffolder, key), { name: h.name, key }),
      );
    });
  }
  const fallback = policyOf(global, {});
  return {
    forHub: hub =>
      hubs.get(hub) ?? {
        ...fallback,
        hub,
      },
  };
}
