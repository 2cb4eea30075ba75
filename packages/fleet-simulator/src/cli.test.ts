import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseArgs, parseGenerate } from './cli';
import { httpsRequest } from '@hub-spoke/test-utils';

/* eslint-disable @typescript-eslint/no-explicit-any */

jest.setTimeout(60_000);

const bin = path.resolve(__dirname, '..', 'bin', 'fleet-simulator.js');

function admin(
  method: string,
  url: string,
  body?: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, res => {
      let text = '';
      res.on('data', c => (text += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : undefined,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function waitForReady(
  child: ChildProcess,
): Promise<{ line: string; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const line = output
        .split('\n')
        .find(l => l.startsWith('fleet-simulator ready'));
      if (line) resolve({ line, output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', code =>
      reject(new Error(`exited with ${code} before ready:\n${output}`)),
    );
  });
}

describe('CLI arguments', () => {
  it('has the documented defaults', () => {
    expect(parseArgs([])).toEqual({ host: '127.0.0.1', basePort: 7443 });
  });

  it('parses every flag, also in --flag=value form', () => {
    expect(
      parseArgs([
        '--fleet',
        'f.yaml',
        '--host=0.0.0.0',
        '--base-port',
        '9000',
        '--write-config',
        'out/c.yaml',
        '--admin-port=7999',
      ]),
    ).toEqual({
      fleet: 'f.yaml',
      host: '0.0.0.0',
      basePort: 9000,
      writeConfig: 'out/c.yaml',
      adminPort: 7999,
    });
    expect(
      parseArgs(['--generate', 'spokes=200,apps=10000,hubs=1,seed=1']),
    ).toMatchObject({
      generate: { spokes: 200, apps: 10000, hubs: 1, seed: 1 },
    });
    expect(parseArgs(['-h'])).toBe('help');
  });

  it('parses --generate with latency ranges and rejects unknown keys', () => {
    expect(parseGenerate('spokes=3,latency=5-20,workloads=true')).toEqual({
      spokes: 3,
      latencyMs: [5, 20],
      workloads: true,
    });
    expect(parseGenerate('latency=7')).toEqual({ latencyMs: 7 });
    expect(() => parseGenerate('clusters=3')).toThrow('unknown key "clusters"');
    expect(() => parseGenerate('spokes=-1')).toThrow(
      'spokes must be a non-negative integer',
    );
  });

  it('rejects bad input with a clear message', () => {
    expect(() => parseArgs(['--base-port', 'abc'])).toThrow(
      '--base-port needs a port number between 0 and 65535, got "abc"',
    );
    expect(() => parseArgs(['--fleet'])).toThrow('--fleet needs a value');
    expect(() => parseArgs(['--fleet', 'a', '--generate', 'spokes=1'])).toThrow(
      'either --fleet or --generate',
    );
    expect(() => parseArgs(['--nope'])).toThrow('unknown option "--nope"');
  });
});

describe('bin/fleet-simulator.js', () => {
  it('starts the default fleet, writes the Backstage config, serves the admin API and stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
    const configFile = path.join(dir, 'nested', 'app-config.simulator.yaml');
    const child = spawn(
      process.execPath,
      [
        bin,
        '--base-port',
        '0',
        '--admin-port',
        '0',
        '--write-config',
        configFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const { line } = await waitForReady(child);
      expect(line).toMatch(
        /^fleet-simulator ready argocd: aks-mgmt-hub=https:\/\/127\.0\.0\.1:\d+ eks-mgmt-hub=https:\/\/127\.0\.0\.1:\d+ kubernetes: aks-mgmt-hub=/,
      );
      const adminUrl = /admin: (http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1];

      const config = parse(fs.readFileSync(configFile, 'utf8'));
      expect(config.hubSpoke.hubs.map((h: any) => h.name)).toEqual([
        'aks-mgmt-hub',
        'eks-mgmt-hub',
      ]);
      expect(config.kubernetes.clusterLocatorMethods[0].clusters).toHaveLength(
        10,
      );
      // Apply mode's own credential: the hub cluster's API with its scaffolder apply token.
      const hubCluster = config.kubernetes.clusterLocatorMethods[0].clusters[0];
      expect(config.hubSpoke.hubs[0].apply).toEqual({
        url: hubCluster.url,
        token: 'kube-apply-token-aks-mgmt-hub',
        caData: hubCluster.caData,
        namespace: 'argocd',
      });
      const ca = Buffer.from(
        config.hubSpoke.hubs[0].argocd.caData,
        'base64',
      ).toString();

      const targets = await admin('GET', `${adminUrl}/targets`);
      expect(targets.status).toBe(200);
      const prod1 = targets.body.find(
        (t: any) => t.id === 'cluster/aks-eu-prod-1',
      );
      expect(prod1).toMatchObject({ kind: 'cluster', up: true, fault: null });

      const down = await admin(
        'PUT',
        `${adminUrl}/faults/cluster/aks-eu-prod-1`,
        JSON.stringify({ kind: 'down' }),
      );
      expect(down.body).toMatchObject({ up: false, fault: { kind: 'down' } });
      await expect(
        httpsRequest(`${prod1.url}/version`, { ca }),
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const up = await admin(
        'PUT',
        `${adminUrl}/faults/cluster/aks-eu-prod-1`,
        'null',
      );
      expect(up.body).toMatchObject({ up: true, fault: null });
      expect((await httpsRequest(`${prod1.url}/version`, { ca })).status).toBe(
        200,
      );

      const hang = await admin(
        'PUT',
        `${adminUrl}/faults/hub/aks-mgmt-hub`,
        JSON.stringify({ kind: 'hang', ms: 100 }),
      );
      expect(hang.body.fault).toEqual({ kind: 'hang', ms: 100 });
      expect(
        (
          await admin(
            'PUT',
            `${adminUrl}/faults/hub/aks-mgmt-hub`,
            '{"kind":"sideways"}',
          )
        ).status,
      ).toBe(400);
      expect(
        (await admin('PUT', `${adminUrl}/faults/hub/nope`, 'null')).status,
      ).toBe(404);

      const exit = new Promise<number | null>(resolve =>
        child.on('exit', code => resolve(code)),
      );
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits with an error naming a bad fleet file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      file,
      'hubs:\n  - name: h\n    spokes: [{ name: s, nodes: { total: x } }]\n',
    );
    const child = spawn(
      process.execPath,
      [bin, '--fleet', file, '--base-port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    const code = await new Promise<number | null>(resolve =>
      child.on('exit', c => resolve(c)),
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      `fleet-simulator: ${file}: hubs[0].spokes[0].nodes.total: expected an integer >= 0, got "x"`,
    );
  });
});
