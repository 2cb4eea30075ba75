/**
 * Argo CD v3.5 REST API of one hub: /api/version, /api/v1/clusters, /api/v1/applications[/{name}].
 */
import {
  FaultView,
  Reply,
  SimRequest,
  bearerToken,
  cookie,
  json,
  splitPath,
} from '../http';
import { HubWorld } from '../fleet/world';
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from '@hub-spoke/plugin-hub-spoke-common';
import { ArgoApplication } from './application';
import { parseFields, selectFields } from './fields';

/** gRPC codes used in runtimeError bodies. */
const CODE = {
  InvalidArgument: 3,
  NotFound: 5,
  Unimplemented: 12,
  Unauthenticated: 16,
} as const;

export function runtimeError(
  status: number,
  code: number,
  message: string,
): Reply {
  return json(status, { error: message, code, message });
}

const BUILD_DATE = '2026-08-12T14:03:29Z';
const GIT_COMMIT = '109ca7ca71139e514114499d294a492e7910a965';

export function versionMessage(
  version: string,
  full: boolean,
): Record<string, string> {
  if (!full) return { Version: version };
  const tag = /^v\d+\.\d+\.\d+$/.test(version) ? version : '';
  return {
    Version: version,
    BuildDate: BUILD_DATE,
    GitCommit: GIT_COMMIT,
    GitTag: tag,
    GitTreeState: 'clean',
    GoVersion: 'go1.25.3',
    Compiler: 'gc',
    Platform: 'linux/amd64',
    KustomizeVersion: 'v5.7.1 2025-07-28T21:26:53Z',
    HelmVersion: 'v3.18.6+gb76a950',
    KubectlVersion: 'v0.34.0',
    JsonnetVersion: 'v0.21.0',
  };
}

/** Caches the JSON text of each Application (full lists of 10,000 apps are served often in benchmarks). */
const itemCache = new WeakMap<ArgoApplication, string>();
function itemJson(app: ArgoApplication): string {
  let s = itemCache.get(app);
  if (s === undefined) {
    s = JSON.stringify(app);
    itemCache.set(app, s);
  }
  return s;
}

type AuthResult = { ok: true } | { ok: false; reply: Reply };

function authenticate(
  req: SimRequest,
  hub: HubWorld,
  faults: FaultView,
): AuthResult {
  const token = bearerToken(req) ?? cookie(req, 'argocd.token');
  if (!token)
    return {
      ok: false,
      reply: runtimeError(401, CODE.Unauthenticated, 'no session information'),
    };
  if (faults.unauthorized) {
    return {
      ok: false,
      reply: runtimeError(
        401,
        CODE.Unauthenticated,
        'invalid session: token has invalid claims: token is expired',
      ),
    };
  }
  if (token !== hub.spec.argocd.token) {
    return {
      ok: false,
      reply: runtimeError(
        401,
        CODE.Unauthenticated,
        'invalid session: token signature is invalid',
      ),
    };
  }
  return { ok: true };
}

export function handleArgoCd(
  hub: HubWorld,
  req: SimRequest,
  faults: FaultView,
): Reply {
  const parts = splitPath(req.path);
  if (parts[0] !== 'api') {
    // The real server answers the UI (index.html) here.
    return {
      status: 200,
      body: '<!doctype html><html><head><title>Argo CD</title></head><body><app-root></app-root></body></html>',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return runtimeError(405, CODE.Unimplemented, 'Method Not Allowed');
  }
  if (parts.length === 2 && parts[1] === 'version') {
    const auth = authenticate(req, hub, faults);
    return json(200, versionMessage(hub.spec.argocd.version, auth.ok));
  }
  const auth = authenticate(req, hub, faults);
  if (!auth.ok) return auth.reply;
  if (parts[1] === 'v1' && parts[2] === 'clusters' && parts.length === 3)
    return listClusters(hub, req);
  if (parts[1] === 'v1' && parts[2] === 'applications' && parts.length === 3)
    return listApplications(hub, req);
  if (parts[1] === 'v1' && parts[2] === 'applications' && parts.length === 4)
    return getApplication(hub, req, parts[3]);
  return runtimeError(404, CODE.NotFound, 'Not Found');
}

function listClusters(hub: HubWorld, req: SimRequest): Reply {
  const q = req.query;
  let items = hub.clusters;
  const server =
    q.get('server') ?? (q.get('id.type') !== 'name' ? q.get('id.value') : null);
  const name =
    q.get('name') ?? (q.get('id.type') === 'name' ? q.get('id.value') : null);
  if (server)
    items = items.filter(c => c.server === server.replace(/\/+$/, ''));
  if (name) items = items.filter(c => c.name === name);
  return json(200, { metadata: {}, items });
}

function listApplications(hub: HubWorld, req: SimRequest): Reply {
  const q = req.query;
  const projects = [...q.getAll('projects'), ...q.getAll('project')].filter(
    p => p.length > 0,
  );
  let selector;
  try {
    selector = parseLabelSelector(q.get('selector'));
  } catch (e) {
    if (e instanceof LabelSelectorError)
      return runtimeError(
        400,
        CODE.InvalidArgument,
        `error parsing the selector: ${e.message}`,
      );
    throw e;
  }
  const name = q.get('name');
  const repo = q.get('repo');
  const appNamespace = q.get('appNamespace');
  let items = hub.applications;
  if (appNamespace && appNamespace !== hub.spec.argocd.namespace) items = [];
  if (projects.length > 0)
    items = items.filter(a => projects.includes(a.spec.project));
  if (selector.length > 0)
    items = items.filter(a =>
      matchesLabelSelector(selector, a.metadata.labels),
    );
  if (name) items = items.filter(a => a.metadata.name === name);
  if (repo)
    items = items.filter(
      a =>
        String(a.spec.source.repoURL)
          .replace(/\.git$/, '')
          .replace(/\/+$/, '') ===
        repo.replace(/\.git$/, '').replace(/\/+$/, ''),
    );
  const metadata = JSON.stringify({
    resourceVersion: hub.applicationsResourceVersion,
  });
  const fields = parseFields(q);
  if (fields) {
    if (items.length === 0)
      return { status: 200, body: `{"metadata":${metadata},"items":null}` };
    return {
      status: 200,
      body: `{"metadata":${metadata},"items":[${items
        .map(a => JSON.stringify(selectFields(a, fields)))
        .join(',')}]}`,
    };
  }
  return {
    status: 200,
    body: `{"metadata":${metadata},"items":[${items.map(itemJson).join(',')}]}`,
  };
}

function getApplication(hub: HubWorld, req: SimRequest, name: string): Reply {
  const appNamespace = req.query.get('appNamespace');
  const app = hub.applicationsByName.get(name);
  if (!app || (appNamespace && appNamespace !== hub.spec.argocd.namespace)) {
    return runtimeError(
      404,
      CODE.NotFound,
      `applications.argoproj.io "${name}" not found`,
    );
  }
  return { status: 200, body: itemJson(app) };
}
