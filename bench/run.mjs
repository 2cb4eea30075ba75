#!/usr/bin/env node
/*
 * npm run bench: the fleet at scale. Starts the fleet simulator with a generated fleet and the portal's backend
 * (dev build: `backstage-cli package start`), then measures in one run:
 *   - cold refresh wall time vs a baseline (the same requests issued directly, in parallel, with no processing)
 *   - bytes read from Argo CD per refresh vs the full application list, and requests per refresh
 *   - warm GET /topology and /applications at N concurrent clients: p50, p99, throughput, errors
 *   - backend RSS before and after holding the fleet
 *   - with one spoke hanging 30 s: time until GET /topology answers during a refresh
 * Flags: --spokes 200 --apps 10000 --hubs 1 --latency 20-200 --clients 50 --seconds 20 --smoke
 * Prints a table and writes bench-results/bench-<time>.json. The Chromium figure: e2e/graph-timing.mjs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes('--smoke');
const opts = {
  hubs: Number(flag('hubs', 1)),
  spokes: Number(flag('spokes', smoke ? 10 : 200)),
  apps: Number(flag('apps', smoke ? 200 : 10000)),
  latency: flag('latency', smoke ? '5-20' : '20-200'),
  clients: Number(flag('clients', smoke ? 5 : 50)),
  seconds: Number(flag('seconds', smoke ? 2 : 20)),
  requestTimeoutMs: Number(flag('timeout-ms', 5000)),
};
const outDir = path.join(root, 'bench-results');
fs.mkdirSync(outDir, { recursive: true });
const stripAnsi = s => s.replace(/\u001b\[[0-9;]*m/g, '');

async function freePort() {
  return new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function spawnLogged(cmd, cmdArgs, options, onLine) {
  const child = spawn(cmd, cmdArgs, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const feed = stream => {
    let buf = '';
    stream.on('data', d => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) onLine(stripAnsi(line));
    });
  };
  feed(child.stdout);
  feed(child.stderr);
  return child;
}

function get(url, { ca, headers = {}, agent } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: 'GET', headers, ca, agent }, res => {
      let bytes = 0;
      const chunks = [];
      res.on('data', c => {
        bytes += c.length;
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const results = { options: opts, machine: { cpus: (await import('node:os')).cpus().length, node: process.version } };
  const simConfigPath = path.join(outDir, 'fleet-config.yaml');
  const adminPort = await freePort();
  let simReady;
  const simDone = new Promise(r => (simReady = r));
  const generate = `spokes=${opts.spokes},apps=${opts.apps},hubs=${opts.hubs},seed=1,latency=${opts.latency}`;
  const sim = spawnLogged(
    process.execPath,
    [path.join(root, 'packages/fleet-simulator/bin/fleet-simulator.js'), '--generate', generate, '--base-port', '0',
      '--admin-port', String(adminPort), '--write-config', simConfigPath],
    { cwd: root },
    line => line.includes('fleet-simulator ready') && simReady(),
  );
  const cleanup = [];
  cleanup.push(() => process.kill(-sim.pid, 'SIGTERM'));
  try {
    await simDone;
    const fleetConfig = YAML.parse(fs.readFileSync(simConfigPath, 'utf8'));
    const hub = fleetConfig.hubSpoke.hubs[0];
    const ca = Buffer.from(hub.argocd.caData, 'base64').toString('utf8');
    const clusters = fleetConfig.kubernetes.clusterLocatorMethods[0].clusters;

    // Baseline: the minimal requests of a refresh, in parallel, no processing
    const fields = 'items.metadata.name,items.metadata.namespace,items.metadata.labels,items.spec.project,items.spec.destination,items.spec.source,items.spec.sources,items.status.sync.status,items.status.sync.revision,items.status.health,items.status.summary,items.status.operationState.phase,items.status.operationState.finishedAt';
    const kubePaths = ['/version', '/api/v1/nodes?limit=500', '/api/v1/services?limit=500',
      '/apis/networking.istio.io/v1/gateways?limit=500', '/apis/networking.istio.io/v1/virtualservices?limit=500',
      '/apis/networking.istio.io/v1/destinationrules?limit=500', '/apis/networking.istio.io/v1/serviceentries?limit=500',
      '/apis/gateway.networking.k8s.io/v1/gateways?limit=500', '/apis/gateway.networking.k8s.io/v1/httproutes?limit=500',
      '/apis/cert-manager.io/v1/certificates?limit=500'];
    const baselineRequests = [
      ...fleetConfig.hubSpoke.hubs.flatMap(h => [
        [`${h.argocd.url}/api/version`, h.argocd.token],
        [`${h.argocd.url}/api/v1/clusters`, h.argocd.token],
        [`${h.argocd.url}/api/v1/applications?fields=${encodeURIComponent(fields)}`, h.argocd.token],
      ]),
      ...clusters.flatMap(c => kubePaths.map(p => [`${c.url}${p}`, c.serviceAccountToken])),
    ];
    const agent = new https.Agent({ keepAlive: true, ca, maxSockets: 1024 });
    const baselineRun = async () => {
      const t = Date.now();
      await Promise.all(baselineRequests.map(([url, token]) => get(url, { ca, agent, headers: { authorization: `Bearer ${token}` } })));
      return Date.now() - t;
    };
    results.baselineMs = await baselineRun();
    const full = await get(`${hub.argocd.url}/api/v1/applications`, { ca, agent, headers: { authorization: `Bearer ${hub.argocd.token}` } });
    results.fullApplicationListBytes = full.bytes;
    results.baselineRequests = baselineRequests.length;

    // Backend
    const port = await freePort();
    const benchConfig = path.join(outDir, 'bench-config.yaml');
    fs.writeFileSync(benchConfig, YAML.stringify({
      backend: { baseUrl: `http://localhost:${port}`, listen: { port } },
      hubSpoke: { refreshInterval: { minutes: 30 }, requestTimeout: { milliseconds: opts.requestTimeoutMs } },
    }));
    const refreshes = [];
    let backendUp;
    const up = new Promise(r => (backendUp = r));
    const backend = spawnLogged(
      path.join(root, 'node_modules/.bin/backstage-cli'),
      ['package', 'start', '--config', path.join(root, 'app-config.yaml'), '--config', simConfigPath, '--config', benchConfig],
      { cwd: path.join(root, 'packages/backend'), env: { ...process.env, NODE_ENV: 'development' } },
      line => {
        if (line.includes('Listening on')) backendUp();
        const m = /Refreshed fleet.*requests=(\d+).*argocdBytes=(\d+).*ms=(\d+)/.exec(line);
        if (m) refreshes.push({ requests: +m[1], argocdBytes: +m[2], ms: +m[3] });
      },
    );
    cleanup.push(() => process.kill(-backend.pid, 'SIGTERM'));
    await up;
    const base = `http://localhost:${port}`;
    const backendPid = () => {
      const out = fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)).find(p => {
        try {
          const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
          return cmd.includes('nodeTransform') && cmd.includes(benchConfig);
        } catch {
          return false;
        }
      });
      return out;
    };
    const rssMb = () => {
      const pid = backendPid();
      const status = pid ? fs.readFileSync(`/proc/${pid}/status`, 'utf8') : '';
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    };
    // wait for the cold refresh the scheduler starts at boot
    for (let i = 0; i < 600 && refreshes.length === 0; i++) await new Promise(r => setTimeout(r, 100));
    results.coldRefresh = refreshes[0];
    results.refreshVsBaseline = results.coldRefresh ? +(results.coldRefresh.ms / results.baselineMs).toFixed(2) : undefined;
    results.argocdBytesVsFullList = results.coldRefresh ? +(results.coldRefresh.argocdBytes / results.fullApplicationListBytes).toFixed(3) : undefined;
    results.rssAfterFirstRefreshMb = rssMb();

    const token = JSON.parse((await new Promise((resolve, reject) => {
      const req = http.request(`${base}/api/auth/guest/refresh`, { method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest' } }, res => {
        let s = '';
        res.on('data', d => (s += d));
        res.on('end', () => resolve(s));
      });
      req.on('error', reject);
      req.end();
    }))).backstageIdentity.token;
    const auth = { authorization: `Bearer ${token}` };

    const load = async route => {
      const latencies = [];
      let errors = 0;
      const keep = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
      const deadline = Date.now() + opts.seconds * 1000;
      await Promise.all(Array.from({ length: opts.clients }, async () => {
        while (Date.now() < deadline) {
          const t = process.hrtime.bigint();
          try {
            const res = await get(`${base}${route}`, { headers: auth, agent: keep });
            if (res.status !== 200) errors += 1;
          } catch {
            errors += 1;
          }
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }));
      keep.destroy();
      latencies.sort((a, b) => a - b);
      return {
        requests: latencies.length,
        p50Ms: +percentile(latencies, 50).toFixed(1),
        p99Ms: +percentile(latencies, 99).toFixed(1),
        perSecond: Math.round(latencies.length / opts.seconds),
        errors,
      };
    };
    results.warmTopology = await load('/api/hub-spoke/topology');
    results.warmApplications = await load('/api/hub-spoke/applications?health=Degraded');
    results.rssAfterLoadMb = rssMb();

    // one spoke hanging 30 s
    const hung = clusters.find(c => c.name !== hub.name).name;
    await fetch(`http://127.0.0.1:${adminPort}/faults/cluster/${hung}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'hang', ms: 30000 }) });
    const refreshing = get(`${base}/api/hub-spoke/topology`, { headers: auth }); // warm path
    await refreshing;
    const refreshStart = Date.now();
    const refreshDone = new Promise((resolve, reject) => {
      const req = http.request(`${base}/api/hub-spoke/refresh`, { method: 'POST', headers: auth }, res => {
        res.resume();
        res.on('end', () => resolve(Date.now() - refreshStart));
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise(r => setTimeout(r, 200));
    const t = Date.now();
    await get(`${base}/api/hub-spoke/topology`, { headers: auth });
    results.hungSpoke = { cluster: hung, topologyAnswerMs: Date.now() - t, refreshWithHungSpokeMs: await refreshDone, requestTimeoutMs: opts.requestTimeoutMs };
    agent.destroy();
  } finally {
    for (const fn of cleanup.reverse()) {
      try {
        fn();
      } catch {
        // gone
      }
    }
  }

  const file = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  const rows = [
    ['fleet', `${opts.hubs} hub(s), ${opts.spokes} spokes, ${opts.apps} apps, latency ${opts.latency} ms`, ''],
    ['cold refresh', `${results.coldRefresh?.ms} ms`, ''],
    ['baseline (same requests, parallel, no processing)', `${results.baselineMs} ms`, ''],
    ['refresh ÷ baseline', `${results.refreshVsBaseline}`, 'goal ≤ 1.3'],
    ['requests per refresh', `${results.coldRefresh?.requests} (baseline set ${results.baselineRequests})`, ''],
    ['Argo CD bytes ÷ full application list', `${results.argocdBytesVsFullList} (${results.coldRefresh?.argocdBytes} / ${results.fullApplicationListBytes})`, 'goal ≤ 0.15'],
    [`GET /topology, ${opts.clients} clients`, `p50 ${results.warmTopology.p50Ms} ms, p99 ${results.warmTopology.p99Ms} ms, ${results.warmTopology.perSecond}/s, errors ${results.warmTopology.errors}`, 'goal p99 ≤ 20 ms, 0 errors'],
    [`GET /applications, ${opts.clients} clients`, `p50 ${results.warmApplications.p50Ms} ms, p99 ${results.warmApplications.p99Ms} ms, ${results.warmApplications.perSecond}/s, errors ${results.warmApplications.errors}`, 'goal p99 ≤ 20 ms, 0 errors'],
    ['backend RSS after first refresh → after load', `${results.rssAfterFirstRefreshMb} → ${results.rssAfterLoadMb} MB`, ''],
    ['GET /topology while a spoke hangs 30 s', `${results.hungSpoke.topologyAnswerMs} ms (refresh took ${results.hungSpoke.refreshWithHungSpokeMs} ms)`, `goal ≤ ${opts.requestTimeoutMs + 500} ms`],
  ];
  for (const [k, v, g] of rows) console.log(`${k.padEnd(48)} ${String(v).padEnd(60)} ${g}`);
  console.log(`written ${path.relative(root, file)}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
