/**
 * Rules every action applies to its input: optional strings, DNS names, entity refs, the hub and the workspace folder.
 * Each returns the checked value or throws an InputError saying what to fix. Pure: no I/O.
 */
import { InputError } from '@backstage/errors';
import path from 'node:path';
import {
  dns1123LabelProblem,
  dns1123SubdomainProblem,
} from '@hub-spoke/plugin-hub-spoke-common';

/** pull-request: write files for a pull request; apply: also change the hub now. @public */
export type Mode = 'pull-request' | 'apply';

/** An optional string input: '' (what a template renders for an empty field) counts as not given. */
export const given = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

/** A DNS-1123 label (a Kubernetes object or namespace name), named by its field in the error. */
export function checkLabel(field: string, value: string): string {
  const problem = dns1123LabelProblem(value);
  if (problem) throw new InputError(`${field} "${value}" ${problem}`);
  return value;
}

/** A DNS-1123 subdomain (e.g. an issuer, a project), named by its field in the error. */
export function checkSubdomain(field: string, value: string): string {
  const problem = dns1123SubdomainProblem(value);
  if (problem) throw new InputError(`${field} "${value}" ${problem}`);
  return value;
}

/** The name of a spoke: a DNS-1123 label. */
export function checkName(name: string): string {
  return checkLabel('name', name);
}

/** Argo CD's namespace on the hub (default argocd). */
export function checkNamespace(ns: string | undefined): string {
  return checkLabel('argocdNamespace', given(ns) ?? 'argocd');
}

/** An entity reference such as group:default/platform, platform or user:jane. */
export function checkEntityRef(field: string, ref: string): string {
  if (
    !/^([A-Za-z]+:)?([a-z0-9]+(?:[-_.][a-z0-9]+)*\/)?[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/.test(
      ref,
    )
  ) {
    throw new InputError(
      `${field} "${ref}" is not an entity reference (e.g. group:default/platform-team)`,
    );
  }
  return ref;
}

/**
 * Why the hub input names no hub (undefined when it does): none configured, none given while several are, or one
 * that is not configured. Says nothing of the configured hubs: a refusal lists only those the initiator may see
 * (checkHubChoice in ../topology/views).
 */
export function hubChoiceProblem(
  hub: unknown,
  hubs: string[],
): string | undefined {
  const name = typeof hub === 'string' ? given(hub) : undefined;
  if (hubs.length === 0) {
    return 'No hubs are configured: add hubSpoke.hubs to the app config (the hub-spoke backend reads it too)';
  }
  if (!name) {
    return hubs.length === 1
      ? undefined
      : 'hub is required when several hubs are configured';
  }
  return hubs.includes(name) ? undefined : `Unknown hub "${name}"`;
}

/**
 * The hub: the one named, or the only one configured. A refusal lists no hub (the actions list those the initiator
 * may see before they get here).
 */
export function resolveHub(hub: string | undefined, hubs: string[]): string {
  const problem = hubChoiceProblem(hub, hubs);
  if (problem) {
    throw new InputError(
      hubs.length === 0
        ? problem
        : `${problem} (the Hub & Spoke page shows the hubs you can see)`,
    );
  }
  return given(hub) ?? hubs[0];
}

/**
 * The folder of the action's files in the workspace (relative, POSIX; default `<parent>/<name>`), checked to stay
 * inside it.
 */
export function resolveTargetPath(
  targetPath: string | undefined,
  name: string,
  parent: 'clusters' | 'apps' = 'clusters',
): string {
  const raw = given(targetPath) ?? `${parent}/${name}`;
  const normal = path.posix
    .normalize(raw.replace(/\\/g, '/'))
    .replace(/\/+$/, '');
  if (
    path.posix.isAbsolute(normal) ||
    normal === '..' ||
    normal.startsWith('../') ||
    normal === '.' ||
    normal === ''
  ) {
    throw new InputError(
      `targetPath "${raw}" must be a folder inside the workspace (e.g. ${parent}/${name})`,
    );
  }
  return normal;
}
