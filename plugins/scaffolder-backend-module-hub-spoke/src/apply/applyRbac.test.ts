/**
 * docs/security/apply-rbac.yaml, the RBAC an adopter applies to each hub for apply mode: valid manifests, bound to one
 * service account, and exactly what the fleet simulator grants its scaffolder apply token (asked over HTTPS, verb by
 * verb), so the documentation and the demo cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { httpsJson, manifestErrors } from '@hub-spoke/test-utils';
import { useSimulatedFleet } from '../__testUtils__/simulatorSetup';

const FILE = path.resolve(
  __dirname,
  '../../../../docs/security/apply-rbac.yaml',
);
const docs = parseAllDocuments(fs.readFileSync(FILE, 'utf8')).map(
  d => d.toJS() as any,
);
const byKind = (kind: string) => docs.filter(d => d.kind === kind);

describe('docs/security/apply-rbac.yaml', () => {
  it('is valid Kubernetes: a ServiceAccount, its token, a Role, a RoleBinding and the Secret admission policy', () => {
    expect(docs.map(d => `${d.apiVersion}/${d.kind}`)).toEqual([
      'v1/ServiceAccount',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'v1/Secret',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding',
    ]);
    expect(docs.map(d => manifestErrors(d))).toEqual(docs.map(() => []));
  });

  it('grants the one service account, in Argo CD’s namespace only, get/list/create/patch/delete on Secrets and Applications', () => {
    const [account] = byKind('ServiceAccount');
    const [role] = byKind('Role');
    const [binding] = byKind('RoleBinding');
    expect(byKind('ClusterRole')).toEqual([]);
    expect(byKind('ClusterRoleBinding')).toEqual([]);
    expect(role.metadata.namespace).toBe('argocd');
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'list', 'create', 'patch', 'delete'],
      },
      {
        apiGroups: ['argoproj.io'],
        resources: ['applications'],
        verbs: ['get', 'list', 'create', 'patch', 'delete'],
      },
    ]);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: account.metadata.name,
        namespace: account.metadata.namespace,
      },
    ]);
    const [token] = byKind('Secret');
    expect(token.type).toBe('kubernetes.io/service-account-token');
    expect(
      token.metadata.annotations['kubernetes.io/service-account.name'],
    ).toBe(account.metadata.name);
    const [policy] = byKind('ValidatingAdmissionPolicy');
    expect(policy.spec.matchConditions[0].expression).toBe(
      `request.userInfo.username == 'system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}'`,
    );
    expect(byKind('ValidatingAdmissionPolicyBinding')[0].spec.policyName).toBe(
      policy.metadata.name,
    );
  });

  describe("equals what the fleet simulator's scaffolder apply token may do", () => {
    const fleet = useSimulatedFleet();
    const [role] = byKind('Role');
    const allowedByRole = (
      group: string,
      resource: string,
      verb: string,
      namespace?: string,
    ) =>
      namespace === role.metadata.namespace &&
      role.rules.some(
        (r: any) =>
          r.apiGroups.includes(group) &&
          r.resources.includes(resource) &&
          r.verbs.includes(verb),
      );

    const RESOURCES = [
      { group: '', version: 'v1', resource: 'secrets', kind: 'Secret' },
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        resource: 'applications',
        kind: 'Application',
      },
      { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
      { group: '', version: 'v1', resource: 'services', kind: 'Service' },
      {
        group: 'apps',
        version: 'v1',
        resource: 'deployments',
        kind: 'Deployment',
      },
    ];
    const VERBS = ['get', 'list', 'create', 'patch', 'delete'];

    it('verb by verb, resource by resource, in and outside Argo CD’s namespace (dry runs: nothing is stored)', async () => {
      const hub = fleet.sim.hubs.find(h => h.name === 'aks-mgmt-hub')!;
      const probes: Array<{ probe: string; allowed: boolean }> = [];
      const expected: Array<{ probe: string; allowed: boolean }> = [];
      for (const { group, version, resource, kind } of RESOURCES) {
        const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
        for (const namespace of ['argocd', 'kube-system', undefined]) {
          const collection = namespace
            ? `${base}/namespaces/${namespace}/${resource}`
            : `${base}/${resource}`;
          for (const verb of VERBS) {
            if (!namespace && verb !== 'list') continue;
            const body = JSON.stringify({
              apiVersion: group ? `${group}/${version}` : version,
              kind,
              metadata: {
                name: 'rbac-probe',
                namespace,
                labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
              },
            });
            const request = {
              get: { path: `${collection}/rbac-probe`, method: 'GET' },
              list: { path: collection, method: 'GET' },
              create: { path: `${collection}?dryRun=All`, method: 'POST' },
              patch: {
                path: `${collection}/rbac-probe?dryRun=All&fieldManager=rbac-probe`,
                method: 'PATCH',
              },
              delete: {
                path: `${collection}/rbac-probe?dryRun=All`,
                method: 'DELETE',
              },
            }[verb]!;
            const res = await httpsJson(`${hub.apply.url}${request.path}`, {
              ca: fleet.sim.caPem,
              token: hub.apply.token,
              method: request.method,
              ...(request.method === 'POST' || request.method === 'PATCH'
                ? {
                    body,
                    headers: {
                      'content-type':
                        request.method === 'PATCH'
                          ? 'application/apply-patch+yaml'
                          : 'application/json',
                    },
                  }
                : {}),
            });
            const probe = `${verb} ${resource}${group ? `.${group}` : ''} ${
              namespace ? `in ${namespace}` : 'cluster-wide'
            }`;
            probes.push({ probe, allowed: res.status !== 403 });
            expected.push({
              probe,
              allowed: allowedByRole(group, resource, verb, namespace),
            });
          }
        }
      }
      expect(probes).toEqual(expected);
      expect(probes.filter(p => p.allowed)).toHaveLength(10);
    });
  });
});
