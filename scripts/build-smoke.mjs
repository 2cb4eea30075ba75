#!/usr/bin/env node
/*
 * npm run test:build → smoke test of the production build. Run `npm run build` first.
 *
 * Starts scripts/start-built.mjs (the backend bundle unpacked outside the repo with its production dependencies,
 * NODE_ENV=production, serving the built frontend) against the fleet simulator on ports 7207 (backend), 7742
 * (simulator admin) and 7743+ (simulated hubs and clusters), then checks that the backend serves this build's
 * index.html with the runtime config, its static assets and client-side routes, and that /api/hub-spoke/topology
 * answers a guest with both hubs and their clusters. Stops the whole process group on every exit path.
 * Prints "test:build: N passed, N failed" and exits 1 on any failure. The run's output goes to
 * $TMPDIR/hub-spoke-build-smoke.log (its tail is printed on failure).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 7207;
const ADMIN_PORT = 7742;
const BASE_PORT = 7743;
const BASE = `http://localhost:${PORT}`;
const STARTUP_TIMEOUT_MS = 15 * 60_000; // the first run installs the production dependencies (~2-3 min)
const logPath = path.join(os.tmpdir(), 'hub-spoke-build-smoke.log');

let child;
let stopped = false;

/** Whether a live (not zombie) process is left in the group; /proc on Linux, kill(0) elsewhere. */
function groupAlive(pgid) {
  if (fs.existsSync('/proc/self/stat')) {
    for (const pid of fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
      try {
        // fields after "(comm)": state ppid pgrp ...
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, , pgrp] = stat
          .slice(stat.lastIndexOf(')') + 2)
          .split(' ');
        if (Number(pgrp) === pgid && state !== 'Z') return true;
      } catch {
        // exited while we looked
      }
    }
    return false;
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops start-built and everything it started (its process group): SIGTERM, then SIGKILL after 15 s. */
async function stop() {
  if (!child || stopped) return;
  stopped = true;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 15_000;
  while (groupAlive(child.pid) && Date.now() < deadline)
    await new Promise(r => setTimeout(r, 200));
  if (groupAlive(child.pid)) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
// on every way out: a signal stops the run first; a plain exit (or a crash) kills the group synchronously
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`test:build: ${signal}, stopping`);
    stop().finally(() => process.exit(1));
  });
}
process.on('exit', () => {
  if (child && !stopped) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

async function assertPortFree(port) {
  await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} is in use (another start:built or test:build?)`,
        ),
      ),
    );
    server.listen(port, () => server.close(resolve));
  });
}

function logTail() {
  try {
    return fs.readFileSync(logPath, 'utf8').slice(-3000);
  } catch {
    return '';
  }
}

const results = [];
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e.message });
    console.log(`  ✕ ${name}: ${e.message}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function get(urlPath, headers = {}) {
  const res = await fetch(`${BASE}${urlPath}`, {
    headers,
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

async function startBuilt() {
  for (const file of [
    'packages/app/dist/index.html',
    'packages/backend/dist/bundle.tar.gz',
    'packages/backend/dist/skeleton.tar.gz',
  ]) {
    expect(
      fs.existsSync(path.join(root, file)),
      `${file} is missing: run \`npm run build\` first`,
    );
  }
  for (const port of [PORT, ADMIN_PORT, BASE_PORT]) await assertPortFree(port);
  const log = fs.openSync(logPath, 'w');
  const args = [
    '--port',
    PORT,
    '--simulator-admin-port',
    ADMIN_PORT,
    '--base-port',
    BASE_PORT,
  ].map(String);
  child = spawn(
    process.execPath,
    [path.join(root, 'scripts/start-built.mjs'), ...args],
    {
      cwd: root,
      stdio: ['ignore', log, log],
      detached: true, // its own process group: stop() ends the simulator and the backend with it
    },
  );
  fs.closeSync(log);
  const started = Date.now();
  const exited = new Promise((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(
          stopped
            ? 'stopped'
            : `start-built exited with ${code} before it was ready; ${logPath}:\n${logTail()}`,
        ),
      ),
    ),
  );
  exited.catch(() => {});
  const ready = (async () => {
    while (Date.now() - started < STARTUP_TIMEOUT_MS) {
      try {
        if ((await fetch(`${BASE}/.backstage/health/v1/readiness`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    throw new Error(
      `the built backend did not get ready within ${
        STARTUP_TIMEOUT_MS / 1000
      } s; ${logPath}:\n${logTail()}`,
    );
  })();
  await Promise.race([ready, exited]);
  console.log(
    `built backend ready after ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

async function main() {
  console.log(
    'starting the built backend and the fleet simulator (scripts/start-built.mjs)…',
  );
  await startBuilt();
  const built = fs.readFileSync(
    path.join(root, 'packages/app/dist/index.html'),
    'utf8',
  );
  const builtScripts = [...built.matchAll(/src="(\/static\/[^"]+\.js)"/g)].map(
    m => m[1],
  );

  await step(
    'GET / serves the built index.html with the runtime config',
    async () => {
      const res = await get('/');
      expect(res.status === 200, `GET / answered ${res.status}`);
      expect(res.type.includes('text/html'), `GET / is ${res.type}`);
      expect(
        res.text.includes('<div id="root">'),
        'no <div id="root"> in the page',
      );
      expect(
        res.text.includes('<title>Hub &amp; Spoke Portal</title>') ||
          res.text.includes('<title>Hub & Spoke Portal</title>'),
        'not the portal title',
      );
      expect(
        builtScripts.length > 0,
        'packages/app/dist/index.html references no /static scripts',
      );
      for (const src of builtScripts)
        expect(
          res.text.includes(src),
          `the page does not load ${src} of this build`,
        );
      expect(
        /<script type="backstage\.io\/config">/.test(res.text),
        'no injected runtime config',
      );
      expect(
        res.text.includes(`localhost:${PORT}`),
        `the injected config does not point at port ${PORT}`,
      );
    },
  );

  await step(
    'the static assets and a client-side route are served',
    async () => {
      for (const src of builtScripts) {
        const res = await get(src);
        expect(res.status === 200, `${src} answered ${res.status}`);
        expect(/javascript/.test(res.type), `${src} is ${res.type}`);
      }
      const route = await get('/hub-spoke');
      expect(
        route.status === 200 && route.text.includes('<div id="root">'),
        `/hub-spoke answered ${route.status} without the app`,
      );
    },
  );

  await step(
    'the Hub & Spoke API refuses a request without a token',
    async () => {
      const res = await get('/api/hub-spoke/topology');
      expect(res.status === 401, `answered ${res.status}`);
    },
  );

  await step(
    '/api/hub-spoke/topology answers a guest with hubs and clusters',
    async () => {
      const refresh = await get('/api/auth/guest/refresh', {
        'x-requested-with': 'XMLHttpRequest',
      });
      expect(
        refresh.status === 200,
        `guest sign-in answered ${refresh.status}: ${refresh.text.slice(
          0,
          200,
        )}`,
      );
      const token = JSON.parse(refresh.text).backstageIdentity?.token;
      expect(token, 'guest sign-in gave no token');
      let topology;
      const deadline = Date.now() + 90_000; // the first fleet refresh may still be running
      for (;;) {
        const res = await get('/api/hub-spoke/topology', {
          authorization: `Bearer ${token}`,
        });
        expect(
          res.status === 200,
          `answered ${res.status}: ${res.text.slice(0, 200)}`,
        );
        topology = JSON.parse(res.text);
        if (
          topology.hubs?.every(h => h.status === 'ok') &&
          topology.clusters?.length
        )
          break;
        if (Date.now() > deadline) break;
        await new Promise(r => setTimeout(r, 2000));
      }
      const hubs = Object.fromEntries(
        (topology.hubs ?? []).map(h => [h.name, h.status]),
      );
      expect(
        hubs['aks-mgmt-hub'] === 'ok' && hubs['eks-mgmt-hub'] === 'ok',
        `hubs: ${JSON.stringify(hubs)}`,
      );
      const clusters = (topology.clusters ?? []).map(c => c.name);
      for (const name of ['aks-eu-prod-1', 'eks-us-prod-1'])
        expect(
          clusters.includes(name),
          `no cluster ${name} in ${clusters.join(', ')}`,
        );
      expect(topology.edges?.length > 0, 'no hub → cluster edges');
      console.log(
        `    ${topology.hubs.length} hubs, ${clusters.length} clusters, ${topology.edges.length} edges`,
      );
    },
  );
}

let failure;
try {
  await main();
} catch (e) {
  failure = e;
} finally {
  await stop();
}
if (child) {
  await step('stopping leaves no process of the run behind', async () => {
    expect(!groupAlive(child.pid), `process group ${child.pid} is still alive`);
  });
}
if (failure) {
  console.error(`test:build: ${failure.message}`);
  process.exit(1);
}
const failed = results.filter(r => !r.ok).length;
if (failed) console.log(`log of the run: ${logPath}`);
console.log(`test:build: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
