#!/usr/bin/env node
/*
 * npm run bench: the fleet at scale. Starts the fleet simulator with a generated fleet and the portal's backend
 * (dev build: `backstage-cli package start`), then measures in one run:
 *   - cold refresh wall time vs a baseline (the same requests issued directly, in parallel, with no processing)
 *   - bytes read from Argo CD per refresh vs the full application list, and requests per refresh
 *   - warm GET /topology and /applications at N concurrent clients: p50, p99, throughput, errors
 *   - backend RSS before and after holding the fleet
 *   - with one spoke hanging 30 s: time until GET /topology answers during a refresh
 * Flags: --spokes 200 --apps 10000 --hubs 1 --latency 20-200 --clients 50 --seconds 20 --timeout-ms 5000
 *        --backend auto|built|dev --no-browser --smoke (10 spokes, 200 apps, 5 clients, 2 s)
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
  backend: flag('backend', 'auto'),
  browser: !args.includes('--no-browser'),
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
  const child = spawn(cmd, cmdArgs, {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
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

function request(url, { ca, headers = {}, agent, method = 'GET', body } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method, headers, ca, agent }, res => {
      let bytes = 0;
      const chunks = [];
      res.on('data', c => {
        bytes += c.length;
        chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode, bytes, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

async function guestToken(base) {
  const res = await request(`${base}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return JSON.parse(res.body).backstageIdentity.token;
}

function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return undefined;
  }
}

/** Every descendant of a process (the backend runs under the CLI / a wrapper). */
function descendants(pid) {
  const children = new Map();
  for (const p of fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    try {
      const ppid = /PPid:\s+(\d+)/.exec(
        fs.readFileSync(`/proc/${p}/status`, 'utf8'),
      )?.[1];
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(p);
    } catch {
      // gone
    }
  }
  const out = [];
  const walk = id =>
    (children.get(String(id)) ?? []).forEach(c => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

/** The process that listens: the descendant (or the process itself) with the largest RSS. */
function serverPid(rootPid) {
  const all = [String(rootPid), ...descendants(rootPid)];
  return all
    .map(p => ({ p, rss: rssMb(p) ?? 0 }))
    .sort((a, b) => b.rss - a.rss)[0]?.p;
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Starts the portal's backend against the simulator's config: the production bundle (`npm run build`, run by
 * scripts/start-built.mjs) when it exists and --backend is not `dev`, else the dev build (`backstage-cli package start`).
 */
async function startBackend({ simConfigPath, onLine }) {
  const port = await freePort();
  const benchConfig = path.join(outDir, 'bench-config.yaml');
  fs.writeFileSync(
    benchConfig,
    YAML.stringify({
      backend: { baseUrl: `http://localhost:${port}`, listen: { port } },
      app: { baseUrl: `http://localhost:${port}` },
      // seconds, as app-config.yaml has: Backstage merges config objects, so { milliseconds } would add to its seconds
      hubSpoke: {
        refreshInterval: { minutes: 30 },
        requestTimeout: { seconds: opts.requestTimeoutMs / 1000 },
      },
    }),
  );
  const built = fs.existsSync(
    path.join(root, 'packages/backend/dist/bundle.tar.gz'),
  );
  if (opts.backend === 'built' && !built)
    throw new Error('--backend built: run `npm run build` first');
  const useBuilt =
    opts.backend === 'built' || (opts.backend === 'auto' && built);
  let up;
  const listening = new Promise(r => (up = r));
  const log = fs.createWriteStream(path.join(outDir, 'backend.log'));
  const feed = line => {
    log.write(`${line}\n`);
    if (
      useBuilt
        ? line.includes('start-built ready')
        : line.includes('Listening on')
    )
      up();
    onLine(line);
  };
  const child = useBuilt
    ? spawnLogged(
        process.execPath,
        [
          path.join(root, 'scripts/start-built.mjs'),
          '--no-simulator',
          '--port',
          String(port),
          '--config',
          simConfigPath,
          '--config',
          benchConfig,
        ],
        { cwd: root },
        feed,
      )
    : spawnLogged(
        path.join(root, 'node_modules/.bin/backstage-cli'),
        [
          'package',
          'start',
          '--config',
          path.join(root, 'app-config.yaml'),
          '--config',
          simConfigPath,
          '--config',
          benchConfig,
        ],
        {
          cwd: path.join(root, 'packages/backend'),
          env: { ...process.env, NODE_ENV: 'development' },
        },
        feed,
      );
  const exited = new Promise((_, reject) =>
    child.on('exit', code =>
      reject(
        new Error(
          `the backend exited (${code}); see bench-results/backend.log`,
        ),
      ),
    ),
  );
  await Promise.race([listening, exited]);
  return {
    mode: useBuilt
      ? 'production bundle (npm run build; scripts/start-built.mjs, NODE_ENV=production)'
      : 'dev (backstage-cli package start)',
    url: `http://localhost:${port}`,
    pid: () => serverPid(child.pid),
    stop: () => process.kill(-child.pid, 'SIGTERM'),
  };
}

/**
 * In Chromium, against the frontend the backend serves (the production build of packages/app): navigation to
 * /hub-spoke until the graph shows every spoke, the time a search filter takes, and the longest main-thread task
 * while typing it (the page stays responsive when that is short). Already signed in, as a returning user is.
 */
async function browserTiming(base, runs = 5) {
  if (!fs.existsSync(path.join(root, 'packages/app/dist/index.html'))) {
    return {
      skipped:
        'packages/app/dist is missing: run `npm run build` for the production frontend',
    };
  }
  const { launchBrowser } = await import('../e2e/portal.mjs');
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${base}/hub-spoke`, { waitUntil: 'domcontentloaded' });
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.waitFor({ timeout: 60_000 });
    await enter.click();
    await page
      .locator('[aria-label^="Cluster "]')
      .first()
      .waitFor({ timeout: 120_000 });
    const graphRunsMs = [];
    const filterRunsMs = [];
    let longestTaskMs = 0;
    for (let i = 0; i < runs; i++) {
      const started = Date.now();
      await page.goto(`${base}/hub-spoke`, { waitUntil: 'commit' });
      await page.waitForFunction(
        n => document.querySelectorAll('[aria-label^="Cluster "]').length >= n,
        opts.spokes,
        { timeout: 60_000, polling: 20 },
      );
      graphRunsMs.push(Date.now() - started);
      await page.evaluate(() => {
        window.__longest = 0;
        new PerformanceObserver(list => {
          for (const e of list.getEntries())
            window.__longest = Math.max(window.__longest, e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      const search = page.getByRole('textbox', { name: /search/i }).first();
      const filterStarted = Date.now();
      await search.pressSequentially('zzz-none', { delay: 30 });
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[aria-label^="Cluster "]').length === 0,
        undefined,
        {
          timeout: 30_000,
          polling: 20,
        },
      );
      filterRunsMs.push(Date.now() - filterStarted - 8 * 30);
      longestTaskMs = Math.max(
        longestTaskMs,
        Math.round(await page.evaluate(() => window.__longest)),
      );
    }
    const median = xs =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    await page.goto(`${base}/hub-spoke`);
    await page.waitForFunction(
      n => document.querySelectorAll('[aria-label^="Cluster "]').length >= n,
      opts.spokes,
    );
    await page.screenshot({
      path: path.join(outDir, `graph-${opts.spokes}-spokes.png`),
    });
    return {
      frontend: 'production build served by the backend',
      graphRunsMs,
      medianGraphMs: median(graphRunsMs),
      filterRunsMs,
      medianFilterMs: median(filterRunsMs),
      longestTaskMs,
    };
  } finally {
    await browser.close();
  }
}

/** Run on every exit path, also on Ctrl-C: no simulator or backend is left behind. */
const cleanup = [];
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    for (const fn of cleanup.reverse()) {
      try {
        await fn();
      } catch {
        // gone
      }
    }
    process.exit(130);
  });
}

async function main() {
  const os = await import('node:os');
  const results = {
    options: opts,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: os.loadavg().map(l => +l.toFixed(2)),
    },
  };
  const simConfigPath = path.join(outDir, 'fleet-config.yaml');
  const adminPort = await freePort();
  let simReady;
  const simDone = new Promise(r => (simReady = r));
  const generate = `spokes=${opts.spokes},apps=${opts.apps},hubs=${opts.hubs},seed=1,latency=${opts.latency}`;
  const sim = spawnLogged(
    process.execPath,
    [
      path.join(root, 'packages/fleet-simulator/bin/fleet-simulator.js'),
      '--generate',
      generate,
      '--base-port',
      '0',
      '--admin-port',
      String(adminPort),
      '--write-config',
      simConfigPath,
    ],
    { cwd: root },
    line => line.includes('fleet-simulator ready') && simReady(),
  );
  cleanup.push(() => process.kill(-sim.pid, 'SIGTERM'));
  try {
    await simDone;
    const fleetConfig = YAML.parse(fs.readFileSync(simConfigPath, 'utf8'));
    const hub = fleetConfig.hubSpoke.hubs[0];
    const ca = Buffer.from(hub.argocd.caData, 'base64').toString('utf8');
    const clusters = fleetConfig.kubernetes.clusterLocatorMethods[0].clusters;

    // Baseline: the minimal requests of a refresh, in parallel, no processing
    const fields =
      'items.metadata.name,items.metadata.namespace,items.metadata.labels,items.spec.project,items.spec.destination,items.spec.source,items.spec.sources,items.status.sync.status,items.status.sync.revision,items.status.health,items.status.summary,items.status.operationState.phase,items.status.operationState.finishedAt';
    const kubePaths = [
      '/version',
      '/api/v1/nodes?limit=500',
      '/api/v1/services?limit=500',
      '/apis/networking.istio.io/v1/gateways?limit=500',
      '/apis/networking.istio.io/v1/virtualservices?limit=500',
      '/apis/networking.istio.io/v1/destinationrules?limit=500',
      '/apis/networking.istio.io/v1/serviceentries?limit=500',
      '/apis/gateway.networking.k8s.io/v1/gateways?limit=500',
      '/apis/gateway.networking.k8s.io/v1/httproutes?limit=500',
      '/apis/cert-manager.io/v1/certificates?limit=500',
    ];
    const baselineRequests = [
      ...fleetConfig.hubSpoke.hubs.flatMap(h => [
        [`${h.argocd.url}/api/version`, h.argocd.token],
        [`${h.argocd.url}/api/v1/clusters`, h.argocd.token],
        [
          `${h.argocd.url}/api/v1/applications?fields=${encodeURIComponent(
            fields,
          )}`,
          h.argocd.token,
        ],
      ]),
      ...clusters.flatMap(c =>
        kubePaths.map(p => [`${c.url}${p}`, c.serviceAccountToken]),
      ),
    ];
    const agent = new https.Agent({ keepAlive: true, ca, maxSockets: 1024 });
    // each run on fresh connections, as a cold refresh has; the median of three
    const baselineRun = async () => {
      const fresh = new https.Agent({ keepAlive: true, ca, maxSockets: 1024 });
      const t = Date.now();
      await Promise.all(
        baselineRequests.map(([url, token]) =>
          request(url, {
            ca,
            agent: fresh,
            headers: { authorization: `Bearer ${token}` },
          }),
        ),
      );
      fresh.destroy();
      return Date.now() - t;
    };
    const baselineRuns = [
      await baselineRun(),
      await baselineRun(),
      await baselineRun(),
    ];
    results.baselineRunsMs = baselineRuns;
    results.baselineMs = [...baselineRuns].sort((a, b) => a - b)[1];
    let fullBytes = 0;
    for (const h of fleetConfig.hubSpoke.hubs) {
      const full = await request(`${h.argocd.url}/api/v1/applications`, {
        ca,
        agent,
        headers: { authorization: `Bearer ${h.argocd.token}` },
      });
      fullBytes += full.bytes;
    }
    results.fullApplicationListBytes = fullBytes;
    results.baselineRequests = baselineRequests.length;

    // Backend, first with every hub and cluster down: its RSS then is the "before holding the fleet" figure.
    const targets = await (
      await fetch(`http://127.0.0.1:${adminPort}/targets`)
    ).json();
    const setFaultAll = fault =>
      Promise.all(
        targets.map(t =>
          fetch(
            `http://127.0.0.1:${adminPort}/faults/${
              t.kind
            }/${encodeURIComponent(t.name)}`,
            {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(fault),
            },
          ),
        ),
      );
    await setFaultAll({ kind: 'down' });
    const refreshes = [];
    const backend = await startBackend({
      simConfigPath,
      onLine: line => {
        // JSON log lines from the production build, key=value from the dev build
        let entry;
        try {
          entry = line.startsWith('{') ? JSON.parse(line) : undefined;
        } catch {
          entry = undefined;
        }
        if (entry?.message === 'Refreshed fleet') {
          refreshes.push({
            requests: entry.requests,
            argocdBytes: entry.argocdBytes,
            ms: entry.ms,
            readMs: entry.readMs,
            assembleMs: entry.assembleMs,
            persistMs: entry.persistMs,
          });
          return;
        }
        const m =
          /Refreshed fleet.*requests=(\d+).*argocdBytes=(\d+).*ms=(\d+)/.exec(
            line,
          );
        if (m)
          refreshes.push({ requests: +m[1], argocdBytes: +m[2], ms: +m[3] });
      },
    });
    cleanup.push(() => backend.stop());
    results.backendMode = backend.mode;
    const base = backend.url;
    // the refresh the scheduler starts at boot finds everything down
    await waitFor(
      () => refreshes.length >= 1,
      120_000,
      'the first (all-down) refresh',
    );
    await new Promise(r => setTimeout(r, 2000));
    results.rssBeforeFleetMb = rssMb(backend.pid());

    const token = await guestToken(base);
    const auth = { authorization: `Bearer ${token}` };
    await setFaultAll(null);
    await fetch(`http://127.0.0.1:${adminPort}/stats/reset`, {
      method: 'POST',
    });
    const refreshStarted = Date.now();
    const refreshRes = await request(`${base}/api/hub-spoke/refresh`, {
      method: 'POST',
      headers: auth,
    });
    if (refreshRes.status !== 200)
      throw new Error(`POST /refresh answered ${refreshRes.status}`);
    results.coldRefresh = {
      ...refreshes[refreshes.length - 1],
      wallMs: Date.now() - refreshStarted,
    };
    const simStats = await (
      await fetch(`http://127.0.0.1:${adminPort}/stats`)
    ).json();
    results.coldRefresh.simulatorRequests = simStats.requests;
    results.refreshVsBaseline = +(
      results.coldRefresh.ms / results.baselineMs
    ).toFixed(2);
    results.argocdBytesVsFullList = +(
      results.coldRefresh.argocdBytes / results.fullApplicationListBytes
    ).toFixed(3);
    results.argocdBytesPerApp = Math.round(
      results.coldRefresh.argocdBytes / opts.apps,
    );
    results.fullListBytesPerApp = Math.round(
      results.fullApplicationListBytes / opts.apps,
    );
    await new Promise(r => setTimeout(r, 2000));
    results.rssHoldingFleetMb = rssMb(backend.pid());

    const topologyBody = await request(`${base}/api/hub-spoke/topology`, {
      headers: { ...auth, 'accept-encoding': 'gzip' },
    });
    const topologyPlain = await request(`${base}/api/hub-spoke/topology`, {
      headers: auth,
    });
    results.topologyBytes = {
      gzip: topologyBody.bytes,
      json: topologyPlain.bytes,
    };
    const appsPlain = await request(`${base}/api/hub-spoke/applications`, {
      headers: auth,
    });
    results.applicationsBytes = {
      json: appsPlain.bytes,
      items: JSON.parse(appsPlain.body).items.length,
    };

    // Warm GETs as a browser sends them (gzip accepted), N clients in parallel for S seconds each.
    const load = async (route, { authenticated = true } = {}) => {
      const latencies = [];
      let errors = 0;
      const keep = new http.Agent({
        keepAlive: true,
        maxSockets: opts.clients,
      });
      const headers = {
        ...(authenticated ? auth : {}),
        'accept-encoding': 'gzip, deflate, br',
      };
      const deadline = Date.now() + opts.seconds * 1000;
      await Promise.all(
        Array.from({ length: opts.clients }, async () => {
          while (Date.now() < deadline) {
            const t = process.hrtime.bigint();
            try {
              const res = await request(`${base}${route}`, {
                headers,
                agent: keep,
              });
              if (res.status !== 200) errors += 1;
            } catch {
              errors += 1;
            }
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }),
      );
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
    results.warmApplications = await load(
      '/api/hub-spoke/applications?health=Degraded',
    );
    // The floor: Backstage's own liveness route (no auth, no body) through the same HTTP stack, same load
    results.livenessFloor = await load('/.backstage/health/v1/liveness', {
      authenticated: false,
    });
    results.rssAfterLoadMb = rssMb(backend.pid());

    // One spoke hanging 30 s: a refresh starts; GET /topology answers meanwhile with the last snapshot, and the
    // refresh (after which the topology shows the spoke as timed out) ends after one request timeout.
    const hung = clusters.find(c => c.name !== hub.name).name;
    await fetch(`http://127.0.0.1:${adminPort}/faults/cluster/${hung}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'hang', ms: 30000 }),
    });
    const hungStart = Date.now();
    const refreshDone = request(`${base}/api/hub-spoke/refresh`, {
      method: 'POST',
      headers: auth,
    }).then(res => ({
      ms: Date.now() - hungStart,
      status: JSON.parse(res.body).clusters.find(c => c.name === hung)?.api
        ?.status,
    }));
    await new Promise(r => setTimeout(r, 200));
    const t = Date.now();
    const during = await request(`${base}/api/hub-spoke/topology`, {
      headers: auth,
    });
    const duringMs = Date.now() - t;
    const done = await refreshDone;
    results.hungSpoke = {
      cluster: hung,
      topologyDuringRefreshMs: duringMs,
      topologyDuringRefreshStatus: during.status,
      refreshUntilShownMs: done.ms,
      shownAs: done.status,
      requestTimeoutMs: opts.requestTimeoutMs,
    };
    await fetch(`http://127.0.0.1:${adminPort}/faults/cluster/${hung}`, {
      method: 'PUT',
      body: 'null',
    });

    if (opts.browser) results.browser = await browserTiming(base);
    agent.destroy();
  } finally {
    for (const fn of cleanup.reverse()) {
      try {
        await fn();
      } catch {
        // gone
      }
    }
  }

  const file = path.join(
    outDir,
    `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  const r = results;
  const within = (v, goal) => (v <= goal ? 'met' : 'NOT met');
  const rows = [
    [
      'machine',
      `${r.machine.cpus} × ${r.machine.cpuModel}, ${
        r.machine.memoryGb
      } GB, Node ${
        r.machine.node
      }, load at start ${r.machine.loadAverageAtStart.join(' ')}`,
      '',
    ],
    [
      'fleet',
      `${opts.hubs} hub(s), ${opts.spokes} spokes, ${opts.apps} apps, latency ${opts.latency} ms`,
      '',
    ],
    ['backend', r.backendMode, ''],
    [
      'cold refresh',
      `${r.coldRefresh.ms} ms (POST /refresh answered after ${r.coldRefresh.wallMs} ms)`,
      r.coldRefresh.readMs !== undefined
        ? `reads ${r.coldRefresh.readMs} ms, topology ${r.coldRefresh.assembleMs} ms, cache write ${r.coldRefresh.persistMs} ms`
        : '',
    ],
    [
      'baseline: same requests, parallel, no processing',
      `${r.baselineMs} ms (runs ${r.baselineRunsMs.join(', ')})`,
      '',
    ],
    [
      'refresh ÷ baseline',
      `${r.refreshVsBaseline}`,
      `goal ≤ 1.3: ${within(r.refreshVsBaseline, 1.3)}`,
    ],
    [
      'requests per refresh',
      `${r.coldRefresh.requests} (simulator counted ${r.coldRefresh.simulatorRequests}; baseline set ${r.baselineRequests})`,
      '',
    ],
    [
      'Argo CD bytes ÷ full application list',
      `${r.argocdBytesVsFullList} (${r.coldRefresh.argocdBytes} / ${r.fullApplicationListBytes}; ${r.argocdBytesPerApp} vs ${r.fullListBytesPerApp} B/app)`,
      `goal ≤ 0.15: ${within(r.argocdBytesVsFullList, 0.15)}`,
    ],
    [
      'GET /topology body',
      `${r.topologyBytes.json} B JSON, ${r.topologyBytes.gzip} B gzip`,
      '',
    ],
    [
      `GET /topology, ${opts.clients} clients, ${opts.seconds} s`,
      `p50 ${r.warmTopology.p50Ms} ms, p99 ${r.warmTopology.p99Ms} ms, ${r.warmTopology.perSecond}/s, errors ${r.warmTopology.errors}`,
      `goal p99 ≤ 20 ms, 0 errors: ${
        r.warmTopology.p99Ms <= 20 && r.warmTopology.errors === 0
          ? 'met'
          : 'NOT met'
      }`,
    ],
    [
      `GET /applications?health=Degraded, ${opts.clients} clients`,
      `p50 ${r.warmApplications.p50Ms} ms, p99 ${r.warmApplications.p99Ms} ms, ${r.warmApplications.perSecond}/s, errors ${r.warmApplications.errors}`,
      `goal p99 ≤ 20 ms, 0 errors: ${
        r.warmApplications.p99Ms <= 20 && r.warmApplications.errors === 0
          ? 'met'
          : 'NOT met'
      }`,
    ],
    [
      `floor: GET /.backstage/health/v1/liveness, ${opts.clients} clients`,
      `p50 ${r.livenessFloor.p50Ms} ms, p99 ${r.livenessFloor.p99Ms} ms, ${r.livenessFloor.perSecond}/s`,
      'Backstage HTTP stack without auth or body',
    ],
    [
      'backend RSS: fleet down → holding the fleet',
      `${r.rssBeforeFleetMb} → ${r.rssHoldingFleetMb} MB (+${
        r.rssHoldingFleetMb - r.rssBeforeFleetMb
      }); after load ${r.rssAfterLoadMb} MB`,
      `goal growth ≤ 250 MB: ${within(
        r.rssHoldingFleetMb - r.rssBeforeFleetMb,
        250,
      )}`,
    ],
    [
      'a spoke hangs 30 s: GET /topology meanwhile',
      `${r.hungSpoke.topologyDuringRefreshMs} ms (HTTP ${r.hungSpoke.topologyDuringRefreshStatus})`,
      `goal ≤ ${opts.requestTimeoutMs + 500} ms: ${within(
        r.hungSpoke.topologyDuringRefreshMs,
        opts.requestTimeoutMs + 500,
      )}`,
    ],
    [
      'a spoke hangs 30 s: the refresh, until it shows the spoke',
      `${r.hungSpoke.refreshUntilShownMs} ms (as ${r.hungSpoke.shownAs}; the cold refresh took ${r.coldRefresh.ms} ms)`,
      `the hung spoke costs at most the request timeout (${opts.requestTimeoutMs} ms) of the refresh`,
    ],
    ...(r.browser && !r.browser.skipped
      ? [
          [
            'Chromium: graph visible after navigation',
            `median ${
              r.browser.medianGraphMs
            } ms (runs ${r.browser.graphRunsMs.join(', ')}; ${
              r.browser.frontend
            })`,
            `goal ≤ 1500 ms: ${within(r.browser.medianGraphMs, 1500)}`,
          ],
          [
            'Chromium: filter applied / longest main-thread task',
            `${r.browser.medianFilterMs} ms / ${r.browser.longestTaskMs} ms`,
            '',
          ],
        ]
      : [['Chromium', r.browser?.skipped ?? 'skipped (--no-browser)', '']]),
  ];
  for (const [k, v, g] of rows)
    console.log(`${k.padEnd(52)} ${String(v).padEnd(72)} ${g}`);
  fs.writeFileSync(
    file.replace(/\.json$/, '.md'),
    [
      '| measure | result | goal |',
      '|---|---|---|',
      ...rows.map(([k, v, g]) => `| ${k} | ${v} | ${g} |`),
    ].join('\n') + '\n',
  );
  console.log(
    `written ${path.relative(root, file)} and the table as ${path.relative(
      root,
      file.replace(/\.json$/, '.md'),
    )}`,
  );
  // Goals are for the default size (docs/benchmarks.md). What must hold at any size, or the run failed:
  const broken = [
    r.coldRefresh.requests !== r.baselineRequests &&
      `the refresh made ${r.coldRefresh.requests} requests, not ${r.baselineRequests}`,
    r.warmTopology.errors + r.warmApplications.errors > 0 &&
      'GET requests failed under load',
    r.hungSpoke.topologyDuringRefreshStatus !== 200 &&
      'GET /topology failed while a spoke hung',
    r.hungSpoke.shownAs !== 'timeout' &&
      `the hung spoke shows as ${r.hungSpoke.shownAs}, not timeout`,
    opts.browser &&
      !r.browser?.medianGraphMs &&
      `Chromium: ${r.browser?.skipped ?? 'no figure'}`,
  ].filter(Boolean);
  if (broken.length > 0) {
    console.error(`bench: ${broken.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
