/**
 * Shared test setup: two hubs in config, a topology like the default simulated fleet, a valid onboarding input, and
 * running an action with a mock context.
 */
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import path from 'node:path';
import { topologyCluster, topologyOf } from '@hub-spoke/test-utils';
import { createMockActionContext } from './mockActionContext';
import { withDemoPolicy } from './policy';

export const HUBS = ['aks-mgmt-hub', 'eks-mgmt-hub'];

/** The two hubs, under the demo's scaffolder policy (extra.hubSpoke keys replace hubs or the policy). */
export function hubsConfig(extra: JsonObject = {}) {
  return new ConfigReader(
    withDemoPolicy({
      hubSpoke: {
        hubs: HUBS.map(name => ({
          name,
          argocd: {
            url: `https://argocd.${name}.example.com`,
            token: 'argocd-token',
          },
        })),
      },
      ...extra,
    }),
  );
}

/**
 * hubsConfig with scaffolder policy blocks of the hubs' own (hubSpoke.hubs[].scaffolder, by hub name), whose keys
 * replace the demo policy's for that hub.
 */
export function hubsConfigWithPolicy(own: Record<string, JsonObject>) {
  return hubsConfig({
    hubSpoke: {
      hubs: HUBS.map(name => ({
        name,
        argocd: {
          url: `https://argocd.${name}.example.com`,
          token: 'argocd-token',
        },
        ...(own[name] ? { scaffolder: own[name] } : {}),
      })),
    },
  });
}

/** A fleet like the simulator's default one (CIDRs included). */
export const fleetTopology = () =>
  topologyOf([
    topologyCluster('aks-mgmt-hub', 'aks-mgmt-hub'),
    topologyCluster('aks-mgmt-hub', 'aks-eu-prod-1', {
      server: 'https://aks-eu-prod-1.example.com:443',
      cidrs: ['10.10.0.0/16'],
    }),
    topologyCluster('aks-mgmt-hub', 'aks-eu-stage-1', {
      server: 'https://aks-eu-stage-1.example.com:443',
      cidrs: ['10.12.0.0/16'],
    }),
    topologyCluster('aks-mgmt-hub', 'legacy-onprem-1', { server: '' }),
    topologyCluster('eks-mgmt-hub', 'eks-mgmt-hub'),
    topologyCluster('eks-mgmt-hub', 'eks-us-prod-1', {
      server: 'https://eks-us-prod-1.example.com',
      cidrs: ['10.20.0.0/16'],
    }),
    topologyCluster('eks-mgmt-hub', 'eks-us-prod-2', {
      server: 'https://eks-us-prod-2.example.com',
      cidrs: ['10.12.128.0/17', 'fd00:22::/48'],
    }),
  ]);

/** A self-signed CA certificate (EC P-256; its key was not kept), PEM. */
export const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBjDCCATOgAwIBAgIUW2mNy2/L+YNCtOQqqH2pYaMZ+OcwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQZXhhbXBsZS1zcG9rZS1jYTAgFw0yNjEyMDQyMDMxMjNaGA8y
MTI2MTExMDIwMzEyM1owGzEZMBcGA1UEAwwQZXhhbXBsZS1zcG9rZS1jYTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABHpKF9DuFr9A/pDGni0iwPVVu6puXshLFMo8
I+qkLXp01XjrwSQYO4gPueuHR71Z8u6sZUngiNB6TZzmqUcjWDWjUzBRMB0GA1Ud
DgQWBBTUTmv9bRUdLJvox+JiaqcNhfSaGTAfBgNVHSMEGDAWgBTUTmv9bRUdLJvo
x+JiaqcNhfSaGTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIAS0
9oo6L9p29OFsnIZEI3NRopD4sTkvOjLua/UsLzSrAiAetMkaRrp05ysOFpsXnwFt
WT/HSqHkdDbXRw9cyshsFA==
-----END CERTIFICATE-----
`;

/** base64 of a PEM certificate (what a kubeconfig's certificate-authority-data holds). */
export const CA_DATA = Buffer.from(CA_PEM).toString('base64');

/** A valid pull-request onboarding of an AKS spoke. */
export function validInput(overrides: JsonObject = {}): JsonObject {
  return {
    name: 'aks-eu-prod-3',
    server: 'https://aks-eu-prod-3.example.com:443',
    hub: 'aks-mgmt-hub',
    auth: { type: 'azure', clientId: '6f1c2a8e-3b7d-4c2e-9a51-0d8e7f6a5b4c' },
    cidr: '10.14.0.0/16',
    owner: 'group:default/platform-team',
    ...overrides,
  };
}

export const SPOKE_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InNwb2tlIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6YXJnb2NkIn0.c2lnbmF0dXJl';

/** Every file under a folder, relative path → content. */
export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(root)) return out;
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), {
      withFileTypes: true,
    })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(root, child), 'utf8');
    }
  };
  walk('');
  return out;
}

export interface RunResult {
  outputs: Record<string, unknown>;
  workspace: string;
}

/** Runs an action's handler with a mock context; outputs collected from ctx.output. */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: JsonObject,
  options: {
    workspace: string;
    secrets?: Record<string, string>;
    dryRun?: boolean;
  },
): Promise<RunResult> {
  const workspace = options.workspace;
  fs.mkdirSync(workspace, { recursive: true });
  const ctx = {
    ...createMockActionContext({
      input,
      workspacePath: workspace,
      ...(options.secrets ? { secrets: options.secrets } : {}),
    }),
    ...(options.dryRun ? { isDryRun: true } : {}),
  };
  await action.handler(ctx as any);
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of (ctx.output as jest.Mock).mock.calls) outputs[k] = v;
  return { outputs, workspace };
}
