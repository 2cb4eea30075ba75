#!/usr/bin/env node
/*
 * npm run test:replicas — the backend as two replicas on one PostgreSQL and one Redis (issue #8).
 *
 * Starts, all on 127.0.0.1 and all from a scratch directory (/tmp/hub-spoke-replicas-test):
 *   - PostgreSQL (Debian's postgresql package; run as the `postgres` user when this runs as root) on :55432
 *   - Redis (Debian's redis-server) on :56379, no persistence
 *   - the fleet simulator: admin API on :7642, hubs' Argo CD and clusters' APIs from :7643
 *   - two backends on :7107 and :7108, layered app-config.yaml + app-config.production.yaml + the simulator's
 *     config + a test config (short refresh interval, a static access token for this script)
 * and checks, printing ✓/✕ with what it measured (exit 1 on any ✕):
 *   1. one fleet refresh per interval across both replicas (their `Refreshed fleet` log lines and the
 *      simulator's request accounting), not one per replica;
 *   2. both replicas answer the same /topology (generatedAt, hubs, clusters, edges) and the same /applications;
 *   3. with a hub and a cluster down: SIGTERM to the replica that polls; it releases the fleet lease, the other polls
 *      within one interval + one lease tick + 2 s (end of the victim's last run to the end of the survivor's first),
 *      keeps answering, and has lost nothing (every hub and cluster, the failing ones' last-known data, no last
 *      success older than before);
 *   4. the same with SIGKILL right after a run (the lease is left to expire), the survivor being a replica that
 *      polled earlier and was paused (SIGSTOP/SIGCONT) while the victim polled and saw a second cluster fail;
 *   5. the same with SIGKILL in the middle of a run (a hub slowed by the simulator to make runs last seconds), from
 *      the start of the killed run to the end of the survivor's first.
 * Who polls is decided by a lease in the plugin's database (table hub_spoke_leases, row 'fleet-refresh': holder
 * `<hostname>/<pid>/<8 hex>`, expires_at, last_refresh_at, both ms since the epoch), which every replica checks every
 * tick (a fifth of the interval, 1 s here) and the holder renews for three ticks; the script reads that row with
 * psql (see leaseRow()) to know which replica polls, whether a run is under way and when the survivor took over.
 * The backends start one after the other (on an empty database, replicas starting together race for the plugins'
 * migration locks). How they start: see backendCommand().
 *
 * Options: --keep-logs (keep the scratch directory even when everything passed; it is kept after a failure),
 * --verbose (echo the backends' output). Everything this script started is stopped on exit, failure, SIGINT and
 * after 8 minutes.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const VERBOSE = argv.includes('--verbose');
const KEEP = argv.includes('--keep-logs');

const WORK = path.join(os.tmpdir(), 'hub-spoke-replicas-test');
const PG_PORT = 55432;
const REDIS_PORT = 56379;
const SIM_ADMIN_PORT = 7642;
const SIM_BASE_PORT = 7643;
const BACKEND_PORTS = [7107, 7108];
const INTERVAL_S = 5;
const INTERVAL_MS = INTERVAL_S * 1000;
/** How often every replica checks the fleet lease: a fifth of the interval, 1–10 s (leaseTickMs in pollingLoop.ts). */
const TICK_MS = Math.min(10_000, Math.max(1000, Math.floor(INTERVAL_MS / 5)));
/** How long a lease lasts without renewal: three ticks. */
const LEASE_TTL_MS = 3 * TICK_MS;
/** Bound of every takeover: one interval + one tick + 2 s (the survivor's own run and its log line's way here). */
const TAKEOVER_BOUND_MS = INTERVAL_MS + TICK_MS + 2000;
const LEASE_NAME = 'fleet-refresh';
const WINDOW_INTERVALS = 6;
const TOTAL_TIMEOUT_MS = 8 * 60_000;
const MARKER = 'HUB_SPOKE_REPLICAS_TEST';
const TOKEN = crypto.randomBytes(24).toString('hex');
const startedAt = Date.now();

// ---------------------------------------------------------------------------------------------------------------
// output

const results = [];
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const log = msg => console.log(`[replicas ${elapsed()}] ${msg}`);
function check(name, ok, detail) {
  results.push({ name, ok });
  console.log(`${ok ? '✓' : '✕'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
const s = ms => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------------------------
// child processes: each in its own process group, so that a kill reaches its children too

/** Every child this run started: { name, child, exited } */
const children = [];
const pidsFile = path.join(WORK, 'pids.json');

function recordPids() {
  try {
    const alive = children
      .filter(c => !c.exited)
      .map(c => ({ name: c.name, pid: c.child.pid }));
    fs.writeFileSync(pidsFile, JSON.stringify(alive));
  } catch {
    /* the scratch directory may be gone during cleanup */
  }
}

function start(
  name,
  cmd,
  args,
  { cwd = root, env = {}, logFile, onLine } = {},
) {
  const child = spawn(cmd, args, {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, [MARKER]: WORK },
  });
  const entry = {
    name,
    child,
    exited: false,
    exitCode: undefined,
    signal: undefined,
    tail: [],
  };
  const out = logFile
    ? fs.createWriteStream(logFile, { flags: 'a' })
    : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', chunk => {
      out?.write(chunk);
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        entry.tail.push(line);
        if (entry.tail.length > 60) entry.tail.shift();
        if (VERBOSE) console.log(`  [${name}] ${line}`);
        onLine?.(line, Date.now());
      }
    });
  }
  entry.exitedPromise = new Promise(resolve => {
    child.on('exit', (code, signal) => {
      entry.exited = true;
      entry.exitCode = code;
      entry.signal = signal;
      out?.end();
      recordPids();
      resolve();
    });
  });
  child.on('error', e => {
    entry.tail.push(`spawn error: ${e.message}`);
  });
  children.push(entry);
  recordPids();
  return entry;
}

function killGroup(entry, signal) {
  if (entry.exited) return;
  try {
    process.kill(-entry.child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stop(entry, { signal = 'SIGTERM', graceMs = 10_000 } = {}) {
  if (entry.exited) return;
  killGroup(entry, 'SIGCONT'); // a paused replica would not see the signal
  killGroup(entry, signal);
  const done = await Promise.race([
    entry.exitedPromise.then(() => true),
    sleep(graceMs).then(() => false),
  ]);
  if (!done) {
    killGroup(entry, 'SIGKILL');
    await Promise.race([entry.exitedPromise, sleep(3000)]);
  }
}

let cleaningUp;
function cleanup() {
  cleaningUp ??= (async () => {
    // backends first (they hold connections to the others), then the simulator, Redis, PostgreSQL
    const order = ['backend', 'simulator', 'redis', 'postgres'];
    for (const prefix of order) {
      const group = children.filter(
        c => c.name.startsWith(prefix) && !c.exited,
      );
      // PostgreSQL: SIGINT is its fast shutdown
      await Promise.all(
        group.map(c =>
          stop(c, {
            signal: prefix === 'postgres' ? 'SIGINT' : 'SIGTERM',
            graceMs: 8000,
          }),
        ),
      );
    }
    try {
      fs.rmSync(pidsFile, { force: true });
      if (!KEEP && results.every(r => r.ok))
        fs.rmSync(WORK, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  })();
  return cleaningUp;
}

// last resort: nothing outlives this script
process.on('exit', () => {
  for (const c of children) killGroup(c, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.log(`\n${sig}: stopping everything`);
    cleanup().finally(() => process.exit(130));
  });
}
const totalTimer = setTimeout(() => {
  console.log(
    `✕ the whole test took longer than ${s(TOTAL_TIMEOUT_MS)}: stopping`,
  );
  results.push({ name: 'total timeout', ok: false });
  cleanup().finally(() => process.exit(1));
}, TOTAL_TIMEOUT_MS);
totalTimer.unref();

// ---------------------------------------------------------------------------------------------------------------
// leftovers of an earlier run that was killed before it could clean up

function processHasMarker(pid) {
  try {
    if (
      fs
        .readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .includes(`${MARKER}=${WORK}`)
    )
      return true;
    // redis-server sets its process title over its environment: know it by its title with this run's port
    const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return title.startsWith('/usr/bin/redis-server') ||
      title.startsWith('redis-server')
      ? title.includes(`127.0.0.1:${REDIS_PORT}`)
      : false;
  } catch {
    return false;
  }
}

async function cleanLeftovers() {
  let found = 0;
  try {
    const previous = JSON.parse(fs.readFileSync(pidsFile, 'utf8'));
    for (const { name, pid } of previous) {
      if (processHasMarker(pid)) {
        log(`stopping ${name} (pid ${pid}) left by an earlier run`);
        found++;
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  } catch {
    /* no earlier run */
  }
  // a postmaster whose group was not recorded (e.g. started by hand): pg_ctl knows it from its data directory
  const pgData = path.join(WORK, 'pg');
  if (fs.existsSync(path.join(pgData, 'postmaster.pid'))) {
    const pid = Number(
      fs
        .readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8')
        .split('\n')[0],
    );
    if (pid && processHasMarker(pid)) {
      found++;
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        /* gone */
      }
    }
  }
  if (found) await sleep(1500);
  fs.rmSync(WORK, { recursive: true, force: true });
}

function portFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL and Redis from Debian's packages

function findPgBin() {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter(v => fs.existsSync(path.join(base, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: apt-get install -y postgresql (no /usr/lib/postgresql/*/bin/postgres)',
    );
  }
  return path.join(base, versions[0], 'bin');
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user the package creates. */
function asPostgres(cmd, args) {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
}

async function startPostgres() {
  const bin = findPgBin();
  const data = path.join(WORK, 'pg');
  fs.mkdirSync(data, { recursive: true, mode: 0o700 });
  if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:', data]);
  const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: WORK });
  if (init.status !== 0)
    throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
  const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(PG_PORT),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${data}`,
    '-c',
    'max_connections=300',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]);
  const pg = start('postgres', cmd, args, {
    cwd: WORK,
    logFile: path.join(WORK, 'postgres.log'),
  });
  await waitFor('PostgreSQL', 30_000, pg, async () => {
    const r = spawnSync(
      path.join(bin, 'pg_isready'),
      ['-h', '127.0.0.1', '-p', String(PG_PORT), '-U', 'postgres'],
      {
        encoding: 'utf8',
      },
    );
    return r.status === 0;
  });
  return pg;
}

/**
 * The fleet lease's row in the hub-spoke plugin's database: { holder, expiresAt, lastRefreshAt (ms since the epoch),
 * pid (of the holder id `<hostname>/<pid>/<8 hex>`), port (the replica that pid belongs to, see portOfHolder()),
 * readAt }, undefined before any replica took it, or { error }. Asynchronous (psql in a child process), so that
 * reading it every 100 ms does not hold up the backends' log lines, whose arrival times the checks measure.
 */
function leaseRow() {
  return new Promise(resolve => {
    const child = spawn(
      path.join(findPgBin(), 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(PG_PORT),
        '-U',
        'postgres',
        '-d',
        'backstage_plugin_hub-spoke',
        '-At',
        '-F',
        '|',
        '-c',
        `select holder, expires_at, coalesce(last_refresh_at, -1) from hub_spoke_leases where name = '${LEASE_NAME}'`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', e => resolve({ error: e.message }));
    child.on('close', code => {
      const readAt = Date.now();
      if (code !== 0)
        return resolve({ error: err.trim() || `psql exited with ${code}` });
      const line = out.trim();
      if (!line) return resolve(undefined);
      const [holder, expiresAt, lastRefreshAt] = line.split('|');
      const pid = Number(holder.split('/').at(-2));
      return resolve({
        holder,
        pid,
        port: portOfHolder(holder),
        expiresAt: Number(expiresAt),
        lastRefreshAt:
          Number(lastRefreshAt) >= 0 ? Number(lastRefreshAt) : undefined,
        readAt,
      });
    });
  });
}

const utc = ms => (ms ? new Date(ms).toISOString().slice(11, 23) : String(ms));
function describeLease(row) {
  if (!row) return 'no lease row yet';
  if (row.error) return `lease row unreadable: ${row.error}`;
  return (
    `holder ${row.holder} (${
      row.port ? `:${row.port}` : 'no running replica'
    }), ` +
    `${
      row.expiresAt === 0
        ? 'released (expires_at 0)'
        : `expires ${utc(row.expiresAt)} UTC`
    }, ` +
    `last refresh started ${utc(row.lastRefreshAt)} UTC`
  );
}

/**
 * Reads the lease row every 100 ms until stopped and keeps every change: [{ ...row, seenAt }]. Measures who held
 * the lease when, when it was released and when each holder started a refresh (last_refresh_at).
 */
function watchLease() {
  const changes = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const row = await leaseRow();
      const prev = changes.at(-1);
      if (
        row &&
        !row.error &&
        (!prev ||
          prev.holder !== row.holder ||
          prev.expiresAt !== row.expiresAt ||
          prev.lastRefreshAt !== row.lastRefreshAt)
      ) {
        changes.push({ ...row, seenAt: row.readAt });
      }
      await sleep(100);
    }
  })();
  return {
    changes,
    async stop() {
      stopped = true;
      await done;
      return changes;
    },
  };
}

function redisPing() {
  return new Promise(resolve => {
    const socket = net.connect(REDIS_PORT, '127.0.0.1');
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', d => {
      reply += d.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => resolve(false));
  });
}

async function startRedis() {
  const server = which('redis-server');
  if (!server)
    throw new Error(
      'redis-server is not installed: apt-get install -y redis-server',
    );
  const dir = path.join(WORK, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const redis = start(
    'redis',
    server,
    [
      '--port',
      String(REDIS_PORT),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    { cwd: dir, logFile: path.join(WORK, 'redis.log') },
  );
  await waitFor('Redis', 15_000, redis, redisPing);
  return redis;
}

// ---------------------------------------------------------------------------------------------------------------
// the fleet simulator

const SIM = `http://127.0.0.1:${SIM_ADMIN_PORT}`;

async function startSimulator() {
  const fleetConfig = path.join(WORK, 'app-config.fleet.yaml');
  let ready = false;
  const sim = start(
    'simulator',
    process.execPath,
    [
      path.join(root, 'packages/fleet-simulator/bin/fleet-simulator.js'),
      '--base-port',
      String(SIM_BASE_PORT),
      '--admin-port',
      String(SIM_ADMIN_PORT),
      '--write-config',
      fleetConfig,
    ],
    {
      logFile: path.join(WORK, 'simulator.log'),
      onLine: line => {
        if (line.includes('fleet-simulator ready')) ready = true;
      },
    },
  );
  await waitFor('the fleet simulator', 60_000, sim, async () => ready);
  return fleetConfig;
}

async function sim(method, route, body) {
  const res = await fetch(`${SIM}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok)
    throw new Error(
      `simulator ${method} ${route}: ${res.status} ${await res.text()}`,
    );
  return res.json();
}

// ---------------------------------------------------------------------------------------------------------------
// the backends

/**
 * How a backend replica starts: the one place that knows. REPLICAS_BACKEND picks it; the default is `built` when
 * `npm run build` has left packages/backend/dist/bundle.tar.gz, else `dev`.
 *  - built: the production bundle as `npm run start:built` runs it (scripts/start-built.mjs --prepare-only unpacks
 *    it beside its `npm install --omit=dev` in $TMPDIR/hub-spoke-built, shared with start:built and test:build),
 *    `node <run>/packages/backend` from that directory;
 *  - dev: what `backstage-cli package start` runs for its child (node + @backstage/cli-node's transform +
 *    src/index.ts), without the CLI's file watcher: the watcher restarts a replica whenever a source file changes
 *    during the test, which in a shared checkout happens every few minutes;
 *  - cli: `backstage-cli package start` itself (watcher included), as `npm run start:backend` does.
 */
const BUNDLE = path.join(root, 'packages/backend/dist/bundle.tar.gz');
const BACKEND_MODE =
  process.env.REPLICAS_BACKEND ?? (fs.existsSync(BUNDLE) ? 'built' : 'dev');
let builtDir;

function prepareBackend() {
  if (!['built', 'dev', 'cli'].includes(BACKEND_MODE))
    throw new Error(`REPLICAS_BACKEND must be built, dev or cli`);
  if (BACKEND_MODE !== 'built') return;
  const ageMin = fs.existsSync(BUNDLE)
    ? Math.round((Date.now() - fs.statSync(BUNDLE).mtimeMs) / 60_000)
    : undefined;
  log(
    `preparing the production bundle (built ${
      ageMin ?? '?'
    } min ago) with scripts/start-built.mjs --prepare-only`,
  );
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/start-built.mjs'), '--prepare-only'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  process.stdout.write(r.stdout ?? '');
  const m = /start-built: prepared (.+)$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !m)
    throw new Error(
      `scripts/start-built.mjs --prepare-only failed (${r.status ?? r.signal})`,
    );
  builtDir = m[1].trim();
}

function backendCommand(configArgs) {
  if (BACKEND_MODE === 'built') {
    const dir = path.join(builtDir, 'packages/backend');
    return {
      how: `the production bundle in ${builtDir}`,
      cmd: process.execPath,
      args: [dir, ...configArgs],
      cwd: dir,
    };
  }
  const backendDir = path.join(root, 'packages/backend');
  if (BACKEND_MODE === 'cli') {
    return {
      how: 'backstage-cli package start',
      cmd: path.join(root, 'node_modules/.bin/backstage-cli'),
      args: ['package', 'start', ...configArgs],
      cwd: backendDir,
    };
  }
  return {
    how: "src/index.ts with the dev start's transform, no file watcher",
    cmd: process.execPath,
    args: [
      '--enable-source-maps',
      '--require',
      path.join(
        root,
        'node_modules/@backstage/cli-node/config/nodeTransform.cjs',
      ),
      'src/index.ts',
      ...configArgs,
    ],
    cwd: backendDir,
  };
}

/** Values for app-config.production.yaml's ${VARIABLES}; hubs and clusters are replaced by the simulator's. */
function productionEnv(port) {
  return {
    NODE_ENV: 'production',
    BACKSTAGE_BASE_URL: `http://127.0.0.1:${port}`,
    BACKSTAGE_PORT: String(port),
    BACKEND_SECRET: backendSecret,
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(PG_PORT),
    POSTGRES_USER: 'postgres',
    POSTGRES_PASSWORD: 'unused-trust-auth',
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
    AUTH_GITHUB_CLIENT_ID: 'replicas-test',
    AUTH_GITHUB_CLIENT_SECRET: 'replicas-test',
    HUB_NAME: 'unused',
    ARGOCD_URL: 'https://127.0.0.1:1',
    ARGOCD_TOKEN: 'unused',
    ARGOCD_CA_DATA: '',
    HUB_KUBERNETES_URL: 'https://127.0.0.1:1',
    HUB_KUBERNETES_TOKEN: 'unused',
    HUB_KUBERNETES_CA_DATA: '',
  };
}
const backendSecret = crypto.randomBytes(24).toString('base64');

function writeTestConfig() {
  const file = path.join(WORK, 'app-config.replicas.yaml');
  fs.writeFileSync(
    file,
    `# written by scripts/replicas-test.mjs
backend:
  auth:
    externalAccess:
      - type: static
        options:
          token: ${TOKEN}
          subject: replicas-test
hubSpoke:
  refreshInterval: { seconds: ${INTERVAL_S} }
  requestTimeout: { seconds: 5 }
`,
  );
  return file;
}

function writeInstanceConfig(port) {
  const file = path.join(WORK, `app-config.instance-${port}.yaml`);
  fs.writeFileSync(
    file,
    `# written by scripts/replicas-test.mjs: this replica listens on loopback only
backend:
  listen: 127.0.0.1:${port}
`,
  );
  return file;
}

/** Every `Refreshed fleet` line of every replica: { port, at (ms), requests, ms, line } */
const refreshes = [];
/** Every `Fleet refresh failed` line (a run's end too): { port, at } */
const failedRuns = [];
/** Every lease change a replica logged: { port, at, kind: 'gained' | 'lost', holder } */
const leaseEvents = [];
const backends = new Map();
/** Every backend process this run started, restarted ones included (a dead holder's pid is still looked up). */
const allBackends = [];
let configFiles;

const LOG_MESSAGES = [
  'Refreshed fleet',
  'Fleet refresh failed',
  'This replica polls the fleet',
  'Another replica polls the fleet now',
];

/** A log line of interest, pretty or JSON (the production logger): { message, fields }. */
function parseLogLine(line) {
  const clean = line.replace(/\x1b\[[0-9;]*m/g, '');
  const message = LOG_MESSAGES.find(m => clean.includes(m));
  if (!message) return undefined;
  let fields = {};
  try {
    fields = JSON.parse(clean.slice(clean.indexOf('{')));
  } catch {
    for (const m of clean.matchAll(/(\w+)=(\S+)/g)) fields[m[1]] = m[2];
  }
  return { message, fields };
}

/**
 * The replica a lease holder id `<hostname>/<pid>/<8 hex>` belongs to. The pid is the backend's node process: the
 * one this script spawns in the built and dev modes (backendCommand()); with REPLICAS_BACKEND=cli it is the CLI's
 * child, in the CLI's process group (every replica is started as a group leader). A holder a replica logged
 * ("This replica polls the fleet") is known by that too.
 */
function portOfHolder(holder) {
  const pid = Number(holder?.split('/').at(-2));
  const byPid = allBackends.find(b => b.child.pid === pid);
  if (byPid) return byPid.port;
  const byLog = allBackends.find(b => b.holders?.has(holder));
  if (byLog) return byLog.port;
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after the last ')'
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    return allBackends.find(b => b.child.pid === pgrp)?.port;
  } catch {
    return undefined;
  }
}

function startBackend(port) {
  const configArgs = [...configFiles, writeInstanceConfig(port)].flatMap(f => [
    '--config',
    f,
  ]);
  const { cmd, args, cwd } = backendCommand(configArgs);
  const entry = start(`backend-${port}`, cmd, args, {
    cwd,
    env: productionEnv(port),
    logFile: path.join(WORK, `backend-${port}.log`),
    onLine: (line, at) => {
      const parsed = parseLogLine(line);
      if (parsed?.message === 'Refreshed fleet') {
        const { requests, ms, clusters } = parsed.fields;
        refreshes.push({
          port,
          at,
          requests: Number(requests),
          ms: Number(ms),
          clusters: Number(clusters),
        });
      } else if (parsed?.message === 'Fleet refresh failed') {
        failedRuns.push({ port, at });
      } else if (parsed) {
        const kind =
          parsed.message === 'This replica polls the fleet' ? 'gained' : 'lost';
        const holder = parsed.fields.holder;
        if (holder) (entry.holders ??= new Set()).add(holder);
        leaseEvents.push({ port, at, kind, holder });
      }
      if (
        !entry.fatal &&
        /Backend failed to start|Unhandled rejection|Uncaught exception/i.test(
          line,
        )
      ) {
        entry.fatal = line.slice(0, 2000);
      }
      if (/Change detected, restarting/.test(line)) {
        entry.restarts = (entry.restarts ?? 0) + 1;
        log(
          `backend :${port} restarted by the dev start's file watcher (a source file changed)`,
        );
      }
    },
  });
  entry.port = port;
  backends.set(port, entry);
  allBackends.push(entry);
  return entry;
}

async function api(port, route, { timeoutMs = 10_000 } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok)
    throw new Error(
      `GET :${port}${route}: ${res.status} ${(await res.text()).slice(0, 300)}`,
    );
  return res.json();
}

async function ready(port) {
  try {
    const res = await fetch(
      `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
      {
        signal: AbortSignal.timeout(2000),
      },
    );
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(what, timeoutMs, entry, probe) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (entry?.fatal)
      throw new Error(`${what} failed to start: ${entry.fatal}`);
    if (entry?.exited) {
      throw new Error(
        `${what} exited (${
          entry.exitCode ?? entry.signal
        }) before it was ready:\n${entry.tail.join('\n')}`,
      );
    }
    if (await probe()) return;
    await sleep(250);
  }
  throw new Error(
    `${what} was not ready within ${s(timeoutMs)}${
      entry ? `:\n${entry.tail.slice(-20).join('\n')}` : ''
    }`,
  );
}

/** Resolves with the first refresh (of `port`, or any replica) logged after `since`. */
async function nextRefresh({
  since = Date.now(),
  port,
  timeoutMs = 3 * INTERVAL_MS,
}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = refreshes.find(
      r => r.at > since && (port === undefined || r.port === port),
    );
    if (found) return found;
    if (Date.now() > deadline) return undefined;
    await sleep(50);
  }
}

/** When `port` last ended a run (its last `Refreshed fleet` or `Fleet refresh failed` line), or 0. */
function lastRunEnd(port) {
  return Math.max(
    0,
    ...[...refreshes, ...failedRuns]
      .filter(r => r.port === port)
      .map(r => r.at),
  );
}

/**
 * Which replica polls and whether its refresh is under way right now, from the lease row: the replica holding the
 * lease runs a refresh when the lease's last_refresh_at (set as it starts one) is later than the end of its last
 * run (a run started at last_refresh_at logs its end after it). { row, port, running, startedAt }
 */
async function pollingState() {
  const row = await leaseRow();
  if (!row || row.error || !row.port) return { row, running: false };
  const holder = backends.get(row.port);
  const running =
    Boolean(holder && !holder.exited) &&
    row.expiresAt > Date.now() &&
    row.lastRefreshAt !== undefined &&
    row.lastRefreshAt > lastRunEnd(row.port);
  return { row, port: row.port, running, startedAt: row.lastRefreshAt };
}

// ---------------------------------------------------------------------------------------------------------------
// the snapshot as the checks compare it

const clusterKey = c => c.id;
function describe(topology) {
  return {
    generatedAt: topology.generatedAt,
    hubs: topology.hubs.map(h => `${h.name}:${h.status}`).sort(),
    clusters: topology.clusters.map(clusterKey).sort(),
    pending: [
      ...topology.hubs
        .filter(h => h.status === 'pending')
        .map(h => `hub ${h.name}`),
      ...topology.clusters
        .filter(c => c.api?.status === 'pending')
        .map(c => `cluster ${c.id}`),
    ],
  };
}
function sameSnapshot(a, b) {
  const strip = t =>
    JSON.stringify({ hubs: t.hubs, clusters: t.clusters, edges: t.edges });
  return a.generatedAt === b.generatedAt && strip(a) === strip(b);
}

// ---------------------------------------------------------------------------------------------------------------
// the checks

async function checkOneRefreshPerInterval() {
  // start and end the window half-way between two runs, so no run straddles its edges
  const last = await nextRefresh({ timeoutMs: 3 * INTERVAL_MS });
  if (!last)
    return check(
      'refreshes run at all',
      false,
      `no "Refreshed fleet" within ${s(3 * INTERVAL_MS)}`,
    );
  await sleep(INTERVAL_MS / 2);
  await sim('POST', '/stats/reset');
  const t0 = Date.now();
  const windowMs = WINDOW_INTERVALS * INTERVAL_MS;
  log(
    `counting refreshes over ${s(
      windowMs,
    )} (${WINDOW_INTERVALS} intervals of ${INTERVAL_S} s)`,
  );
  await sleep(windowMs);
  const t1 = Date.now();
  const stats = await sim('GET', '/stats');
  const inWindow = refreshes.filter(r => r.at >= t0 && r.at < t1);
  const byPort = Object.fromEntries(
    BACKEND_PORTS.map(p => [p, inWindow.filter(r => r.port === p).length]),
  );
  const expected = windowMs / INTERVAL_MS;
  const logged = inWindow.length;
  const loggedRequests = inWindow.reduce((n, r) => n + (r.requests || 0), 0);
  const perRefresh = inWindow
    .map(r => r.requests)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const median = perRefresh[Math.floor(perRefresh.length / 2)] || 1;
  const bySimulator = stats.requests / median;
  const gaps = inWindow.slice(1).map((r, i) => r.at - inWindow[i].at);
  const meanGap = gaps.length
    ? gaps.reduce((a, b) => a + b, 0) / gaps.length
    : NaN;
  check(
    'one fleet refresh per interval across both replicas (log lines)',
    Math.abs(logged - expected) <= 1,
    `${logged} refreshes in ${s(
      windowMs,
    )}, expected ${expected} ±1 (by replica: ${BACKEND_PORTS.map(
      p => `:${p} ${byPort[p]}`,
    ).join(', ')}; mean gap ${s(meanGap)})`,
  );
  check(
    'one fleet refresh per interval across both replicas (simulator request accounting)',
    Math.abs(bySimulator - expected) <= 1.5 &&
      Math.abs(stats.requests - loggedRequests) <= median,
    `${stats.requests} requests reached the simulator = ${bySimulator.toFixed(
      1,
    )} refreshes of ${median} requests; ` +
      `the replicas logged ${loggedRequests}`,
  );
}

async function checkSameSnapshot(label = '') {
  const ports = [...backends.values()].filter(b => !b.exited).map(b => b.port);
  let last;
  for (let attempt = 1; attempt <= 4; attempt++) {
    const [t1, t2] = await Promise.all(
      ports.map(p => api(p, '/api/hub-spoke/topology')),
    );
    const [a1, a2] = await Promise.all(
      ports.map(p => api(p, '/api/hub-spoke/applications')),
    );
    const [t1b] = await Promise.all([api(ports[0], '/api/hub-spoke/topology')]);
    last = { t1, t2, a1, a2 };
    // a refresh between the reads changes generatedAt: read again
    if (
      t1b.generatedAt !== t1.generatedAt ||
      t1.generatedAt !== t2.generatedAt
    ) {
      await sleep(700);
      continue;
    }
    break;
  }
  const { t1, t2, a1, a2 } = last;
  const d1 = describe(t1);
  check(
    `both replicas answer the same /topology${label}`,
    sameSnapshot(t1, t2) && d1.hubs.length > 0 && d1.clusters.length > 0,
    `generatedAt ${t1.generatedAt} / ${t2.generatedAt}; ${d1.hubs.length} hubs, ${d1.clusters.length} clusters` +
      (sameSnapshot(t1, t2)
        ? ''
        : `; they differ: ${JSON.stringify(describe(t2))}`),
  );
  check(
    `both replicas answer the same /applications${label}`,
    JSON.stringify(a1.items) === JSON.stringify(a2.items) &&
      a1.items.length > 0,
    `${a1.items.length} / ${a2.items.length} applications`,
  );
  return t1;
}

/** Sets a fault on one spoke's API and one hub's Argo CD and waits until the shared snapshot shows both. */
async function injectFaults() {
  const targets = await sim('GET', '/targets');
  const hub =
    targets.find(t => t.kind === 'hub' && t.name.startsWith('eks')) ??
    targets.find(t => t.kind === 'hub');
  const cluster =
    targets.find(
      t =>
        t.kind === 'cluster' &&
        t.role === 'spoke' &&
        t.hub !== hub.hub &&
        t.name === 'aks-eu-prod-1',
    ) ??
    targets.find(
      t => t.kind === 'cluster' && t.role === 'spoke' && t.hub !== hub.hub,
    );
  const port = [...backends.values()].find(b => !b.exited).port;
  const before = await api(port, '/api/hub-spoke/topology');
  const clusterBefore = before.clusters.find(c => c.name === cluster.name);
  await sim('PUT', `/faults/hub/${encodeURIComponent(hub.name)}`, {
    kind: 'down',
  });
  await sim('PUT', `/faults/cluster/${encodeURIComponent(cluster.name)}`, {
    kind: 'down',
  });
  log(
    `fault: hub ${hub.name} down, cluster ${
      cluster.name
    }'s API down (it had ${JSON.stringify(clusterBefore?.nodes)} nodes)`,
  );
  const deadline = Date.now() + 4 * INTERVAL_MS;
  let topology;
  while (Date.now() < deadline) {
    topology = await api(port, '/api/hub-spoke/topology');
    const h = topology.hubs.find(x => x.name === hub.name);
    const c = topology.clusters.find(x => x.name === cluster.name);
    if (
      h?.status !== 'ok' &&
      h?.status !== 'pending' &&
      c?.api?.status !== 'ok' &&
      c?.api?.status !== 'pending'
    )
      break;
    await sleep(300);
  }
  const applications = (await api(port, '/api/hub-spoke/applications')).items;
  const h = topology.hubs.find(x => x.name === hub.name);
  const c = topology.clusters.find(x => x.name === cluster.name);
  check(
    'the shared snapshot shows both faults',
    h?.status !== 'ok' && c?.api?.status !== 'ok' && c?.nodes !== undefined,
    `hub ${hub.name}: ${h?.status}; cluster ${cluster.name}: api ${
      c?.api?.status
    }, last-known nodes ${JSON.stringify(c?.nodes)}`,
  );
  return { hub: hub.name, cluster: cluster.name, topology, applications };
}

/**
 * After a takeover: the survivor's snapshot (written by its own poll) still has every hub and cluster, the faulted
 * hub's clusters and applications (stale), the faulted cluster's last-known nodes, and no last success moved back.
 */
function checkNothingLost(label, baseline, after, afterApps) {
  const problems = [];
  const ids = new Set(after.clusters.map(c => c.id));
  for (const c of baseline.topology.clusters)
    if (!ids.has(c.id)) problems.push(`cluster ${c.id} missing`);
  for (const h of baseline.topology.hubs)
    if (!after.hubs.some(x => x.name === h.name))
      problems.push(`hub ${h.name} missing`);
  const pending = describe(after).pending;
  if (pending.length) problems.push(`pending again: ${pending.join(', ')}`);
  const hubBefore = baseline.topology.hubs.find(h => h.name === baseline.hub);
  const hubAfter = after.hubs.find(h => h.name === baseline.hub);
  if (hubAfter?.status === 'ok' || hubAfter?.status === 'pending')
    problems.push(`hub ${baseline.hub} is ${hubAfter?.status}`);
  if ((hubAfter?.lastSuccessAt ?? '') < (hubBefore?.lastSuccessAt ?? '')) {
    problems.push(
      `hub ${baseline.hub} lastSuccessAt went back from ${hubBefore?.lastSuccessAt} to ${hubAfter?.lastSuccessAt}`,
    );
  }
  const hubClustersBefore = baseline.topology.clusters.filter(
    c => c.hub === baseline.hub,
  );
  const hubClustersAfter = after.clusters.filter(c => c.hub === baseline.hub);
  if (hubClustersAfter.length !== hubClustersBefore.length) {
    problems.push(
      `hub ${baseline.hub} had ${hubClustersBefore.length} clusters, now ${hubClustersAfter.length}`,
    );
  }
  const cBefore = baseline.topology.clusters.find(
    c => c.name === baseline.cluster,
  );
  const cAfter = after.clusters.find(c => c.name === baseline.cluster);
  if (!cAfter?.nodes)
    problems.push(`cluster ${baseline.cluster} lost its last-known nodes`);
  if (cAfter?.api?.status === 'ok' || cAfter?.api?.status === 'pending') {
    problems.push(`cluster ${baseline.cluster} api is ${cAfter?.api?.status}`);
  }
  if (
    (cAfter?.api?.lastSuccessAt ?? '') < (cBefore?.api?.lastSuccessAt ?? '')
  ) {
    problems.push(
      `cluster ${baseline.cluster} api.lastSuccessAt went back from ${cBefore?.api?.lastSuccessAt} to ${cAfter?.api?.lastSuccessAt}`,
    );
  }
  // every hub's and cluster's last success: never older than before the takeover
  for (const h of baseline.topology.hubs) {
    const x = after.hubs.find(y => y.name === h.name);
    if (
      x &&
      h.name !== baseline.hub &&
      (x.lastSuccessAt ?? '') < (h.lastSuccessAt ?? '')
    ) {
      problems.push(
        `hub ${h.name} lastSuccessAt went back from ${h.lastSuccessAt} to ${x.lastSuccessAt}`,
      );
    }
  }
  for (const c of baseline.topology.clusters) {
    const x = after.clusters.find(y => y.id === c.id);
    if (
      x &&
      c.name !== baseline.cluster &&
      (x.api?.lastSuccessAt ?? '') < (c.api?.lastSuccessAt ?? '')
    ) {
      problems.push(
        `cluster ${c.id} api.lastSuccessAt went back from ${c.api?.lastSuccessAt} to ${x.api?.lastSuccessAt}`,
      );
    }
  }
  if (afterApps.length !== baseline.applications.length) {
    problems.push(
      `${baseline.applications.length} applications before, ${afterApps.length} after`,
    );
  }
  return check(
    `no data lost after ${label}`,
    problems.length === 0,
    problems.length
      ? problems.join('; ')
      : `${after.hubs.length} hubs, ${after.clusters.length} clusters, ${afterApps.length} applications; ` +
          `hub ${baseline.hub} ${hubAfter.status} (last success ${hubAfter.lastSuccessAt}), ` +
          `cluster ${baseline.cluster} api ${
            cAfter.api.status
          } with nodes ${JSON.stringify(cAfter.nodes)} ` +
          `(last success ${cAfter.api.lastSuccessAt})`,
  );
}

/**
 * Stops the replica that is polling and measures the takeover.
 * mode: 'SIGTERM' | 'SIGKILL' (both right after that replica's run) | 'SIGKILL-mid-run'
 */
async function takeover(mode, baseline, { victimPort, afterKill } = {}) {
  const alive = [...backends.values()].filter(b => !b.exited);
  if (alive.length < 2)
    return check(
      `takeover after ${mode}`,
      false,
      'fewer than two replicas are running',
    );
  let victim;
  let lastBefore;
  /** When the victim's last refresh started (the lease's last_refresh_at it wrote), ms since the epoch. */
  let victimStart;
  if (mode === 'SIGKILL-mid-run') {
    // slow one hub's answers so a run lasts seconds, then kill the replica that holds the lease while it runs one
    await sim(
      'PUT',
      `/latency/hub/${encodeURIComponent(slowHub(baseline))}`,
      3000,
    );
    // a run that started before the latency may be fast: wait until one ends, then catch the next one running
    await nextRefresh({ timeoutMs: 3 * INTERVAL_MS });
    const deadline = Date.now() + 4 * INTERVAL_MS;
    let state;
    while (!state?.running && Date.now() < deadline) {
      state = await pollingState();
      if (!state.running) await sleep(100);
    }
    if (!state?.running) {
      await sim(
        'PUT',
        `/latency/hub/${encodeURIComponent(slowHub(baseline))}`,
        null,
      );
      return check(
        'takeover after SIGKILL in the middle of a run',
        false,
        `no replica was seen running a refresh (lease: ${describeLease(
          state?.row,
        )})`,
      );
    }
    victim = backends.get(state.port);
    victimStart = state.startedAt;
    lastBefore = refreshes.filter(r => r.port === victim.port).at(-1);
    log(
      `:${victim.port} holds the lease and runs a refresh (started ${s(
        Date.now() - victimStart,
      )} ago): ${describeLease(state.row)}`,
    );
    await sleep(500);
  } else {
    // the replica that ran the latest refresh (or the one given); kill it right after its next run
    victim = backends.get(victimPort ?? refreshes.at(-1).port);
    const next = await nextRefresh({
      port: victim.port,
      timeoutMs: 6 * INTERVAL_MS,
    });
    if (!next)
      return check(
        `takeover after ${mode}`,
        false,
        `:${victim.port} did not refresh again`,
      );
    lastBefore = next;
  }
  // what every replica serves right before the kill (the victim's last run)
  baseline = {
    ...baseline,
    topology: await api(victim.port, '/api/hub-spoke/topology'),
    applications: (await api(victim.port, '/api/hub-spoke/applications')).items,
  };
  const survivor = alive.find(b => b !== victim);
  const signal = mode === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL';
  // the lease from right before the kill until the survivor's first refresh
  const watch = watchLease();
  const rowBefore = await leaseRow();
  if (rowBefore?.port !== victim.port) {
    log(
      `the lease is not :${
        victim.port
      }'s right before the kill: ${describeLease(rowBefore)}`,
    );
  }
  if (mode !== 'SIGKILL-mid-run') {
    // the start of the run that just ended; its log line's `ms` if the row is not the victim's
    victimStart =
      rowBefore?.port === victim.port && rowBefore.lastRefreshAt
        ? rowBefore.lastRefreshAt
        : lastBefore.at - lastBefore.ms;
  }
  const killedAt = Date.now();
  const survivorLast = refreshes.filter(r => r.port === survivor.port).at(-1);
  log(
    `${signal} to :${victim.port} (${
      mode === 'SIGKILL-mid-run'
        ? `in the middle of its run, ${s(
            killedAt - victimStart,
          )} after it started`
        : `${s(killedAt - lastBefore.at)} after its run`
    }); ` +
      `:${survivor.port} stays (its own last run: ${
        survivorLast ? `${s(killedAt - survivorLast.at)} ago` : 'none yet'
      })`,
  );
  let exited;
  if (signal === 'SIGTERM') {
    // to the process itself (with REPLICAS_BACKEND=cli that is the CLI, which forwards it to the backend)
    try {
      process.kill(victim.child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    exited = victim.exitedPromise.then(() => Date.now());
  } else {
    killGroup(victim, 'SIGKILL');
    await victim.exitedPromise;
  }
  await afterKill?.();
  const row = await leaseRow();
  log(`lease after the ${signal}: ${describeLease(row)}`);
  if (mode === 'SIGKILL-mid-run') {
    await sim(
      'PUT',
      `/latency/hub/${encodeURIComponent(slowHub(baseline))}`,
      null,
    );
    // the run that started at victimStart never logged its end
    const ended = [...refreshes, ...failedRuns].find(
      r => r.port === victim.port && r.at >= victimStart,
    );
    check(
      'the replica was killed in the middle of a run',
      !ended,
      ended
        ? `its run that started ${utc(victimStart)} UTC ended ${s(
            ended.at - victimStart,
          )} later, before the kill`
        : `${s(killedAt - victimStart)} after its run started (${utc(
            victimStart,
          )} UTC); it held the lease until ` +
            `${utc(rowBefore?.expiresAt)} UTC`,
    );
  }

  // the survivor's first run after the kill; gaps are measured with the arrival of its `Refreshed fleet` line
  const bound = TAKEOVER_BOUND_MS;
  const refAt = mode === 'SIGKILL-mid-run' ? victimStart : lastBefore.at;
  const waitMs = Math.max(0, refAt + bound + 5000 - Date.now());
  const first = await nextRefresh({
    since: killedAt,
    port: survivor.port,
    timeoutMs: waitMs,
  });
  const changes = await watch.stop();
  const victimRunsAfterKill = refreshes.filter(
    r => r.port === victim.port && r.at >= killedAt,
  ).length;
  if (victimRunsAfterKill)
    log(
      `:${victim.port} logged ${victimRunsAfterKill} runs after the ${signal}`,
    );
  const gap = first ? first.at - refAt : Infinity;

  // the lease's way from the victim to the survivor, as read every 100 ms
  const victimRows = changes.filter(
    c => c.port === victim.port && c.seenAt <= killedAt + 30_000,
  );
  const released = changes.find(
    c => c.port === victim.port && c.expiresAt === 0 && c.seenAt >= killedAt,
  );
  const victimExpiry = Math.max(
    0,
    ...victimRows.filter(c => c.expiresAt > 0).map(c => c.expiresAt),
  );
  const survivorRow = changes.find(
    c => c.port === survivor.port && c.seenAt >= killedAt,
  );
  // a holder's first row's expires_at - ttl is when it took the lease (if it was read within a tick)
  const survivorTook = survivorRow
    ? survivorRow.expiresAt - LEASE_TTL_MS
    : undefined;
  const survivorStartRow = changes.find(
    c => c.port === survivor.port && (c.lastRefreshAt ?? 0) > victimStart,
  );
  const survivorStart =
    survivorStartRow?.lastRefreshAt ??
    (first ? first.at - first.ms : undefined);
  const leaseStory = [
    released
      ? `:${victim.port} released the lease ${s(
          released.seenAt - killedAt,
        )} after the ${signal}`
      : undefined,
    !released && victimExpiry
      ? `:${victim.port}'s lease expired ${s(
          victimExpiry - killedAt,
        )} after the kill`
      : undefined,
    survivorTook !== undefined
      ? `:${survivor.port} took it ${s(survivorTook - killedAt)} after the kill`
      : `:${survivor.port} was not seen taking it`,
    survivorStart !== undefined
      ? `started its refresh ${s(survivorStart - victimStart)} after :${
          victim.port
        }'s last one started`
      : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  log(
    `lease: ${leaseStory}; ${changes.length} lease changes read: ${changes
      .map(
        c =>
          `${c.port ? `:${c.port}` : c.holder} exp ${utc(
            c.expiresAt,
          )} last ${utc(c.lastRefreshAt)} (seen ${s(c.seenAt - killedAt)})`,
      )
      .join(' | ')}`,
  );

  const from =
    mode === 'SIGKILL-mid-run'
      ? `the start of :${victim.port}'s killed run (lease last_refresh_at)`
      : `the end of :${victim.port}'s last run (its "Refreshed fleet" line)`;
  const what =
    mode === 'SIGKILL-mid-run'
      ? 'SIGKILL to the polling replica in the middle of a run'
      : `${signal} to the polling replica right after a run`;
  check(
    `${what}: the other polls within one interval + one lease tick + 2 s, from ${from} to the end of its first run`,
    gap <= bound,
    first
      ? `:${survivor.port}'s run ended ${s(gap)} after ${
          mode === 'SIGKILL-mid-run'
            ? 'the killed run started'
            : `:${victim.port}'s last run ended`
        } ` +
          `(${s(first.at - killedAt)} after the kill; bound ${s(
            bound,
          )} = interval ${INTERVAL_S} s + tick ${s(TICK_MS)} + 2 s); ` +
          `start to start ${
            survivorStart !== undefined ? s(survivorStart - victimStart) : '?'
          }; ${leaseStory}`
      : `:${survivor.port} did not refresh within ${s(
          bound + 5000,
        )} of ${from}; ${leaseStory}; lease now: ${describeLease(
          await leaseRow(),
        )}`,
  );
  if (mode === 'SIGTERM') {
    // a graceful shutdown gives the lease up: the survivor takes it at its next tick, not when it would expire
    const early =
      survivorTook !== undefined &&
      victimExpiry > 0 &&
      survivorTook < victimExpiry - 100;
    check(
      `SIGTERM: :${victim.port} released the lease on shutdown`,
      Boolean(released) || early,
      leaseStory +
        (victimExpiry
          ? `; its last renewal would have lasted until ${s(
              victimExpiry - killedAt,
            )} after the SIGTERM`
          : ''),
    );
  } else if (survivorTook !== undefined && victimExpiry > 0) {
    // one poller at a time: nobody takes a killed replica's lease before it expires
    check(
      `${mode}: :${survivor.port} took the lease only once :${victim.port}'s had expired`,
      survivorTook >= victimExpiry - 50,
      `expired ${s(victimExpiry - killedAt)}, taken ${s(
        survivorTook - killedAt,
      )} after the kill`,
    );
  }
  // keeps answering, from its own poll, and keeps polling at the interval
  let answered = false;
  let after;
  let apps;
  try {
    after = await api(survivor.port, '/api/hub-spoke/topology');
    apps = (await api(survivor.port, '/api/hub-spoke/applications')).items;
    answered = true;
  } catch (e) {
    check(`:${survivor.port} keeps answering after ${mode}`, false, e.message);
  }
  if (answered) {
    const second = first
      ? await nextRefresh({
          since: first.at,
          port: survivor.port,
          timeoutMs: INTERVAL_MS + TICK_MS + 2000,
        })
      : undefined;
    check(
      `:${survivor.port} keeps answering and polling after ${mode}`,
      Boolean(first && second) &&
        after.generatedAt > (baseline.topology.generatedAt ?? ''),
      `generatedAt ${after.generatedAt}; next run ${
        second ? `${s(second.at - first.at)} later` : 'missing'
      }`,
    );
    const fresh = await api(survivor.port, '/api/hub-spoke/topology');
    const freshApps = (await api(survivor.port, '/api/hub-spoke/applications'))
      .items;
    checkNothingLost(mode, baseline, fresh, freshApps);
  }
  if (exited) {
    const at = await Promise.race([
      exited,
      sleep(Math.max(0, killedAt + 30_000 - Date.now())).then(() => undefined),
    ]);
    if (at) log(`:${victim.port} exited ${s(at - killedAt)} after SIGTERM`);
    else {
      log(
        `:${victim.port} still running 30 s after SIGTERM (Kubernetes' default grace period; Backstage's graceful shutdown waits for open long-polls): SIGKILL`,
      );
      killGroup(victim, 'SIGKILL');
      await victim.exitedPromise;
    }
  }
  return victim;
}

function slowHub(baseline) {
  // a healthy hub (the faulted one answers nothing): its answers slowed make the run last seconds
  return baseline.topology.hubs.find(h => h.name !== baseline.hub).name;
}

async function restart(victim) {
  log(`starting :${victim.port} again`);
  backends.delete(victim.port);
  const entry = startBackend(victim.port);
  await waitFor(`backend :${victim.port}`, 120_000, entry, () =>
    ready(victim.port),
  );
  return entry;
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  log(`scratch directory ${WORK}`);
  await cleanLeftovers();
  fs.mkdirSync(WORK, { recursive: true });
  fs.chmodSync(WORK, 0o755);
  const ports = [
    PG_PORT,
    REDIS_PORT,
    SIM_ADMIN_PORT,
    SIM_BASE_PORT,
    ...BACKEND_PORTS,
  ];
  const busy = [];
  for (const p of ports) if (!(await portFree(p))) busy.push(p);
  if (busy.length)
    throw new Error(
      `ports in use: ${busy.join(
        ', ',
      )} (another test:replicas run, or something else)`,
    );

  let t = Date.now();
  await Promise.all([startPostgres(), startRedis()]);
  log(
    `PostgreSQL :${PG_PORT} and Redis :${REDIS_PORT} ready in ${s(
      Date.now() - t,
    )}`,
  );
  t = Date.now();
  const fleetConfig = await startSimulator();
  log(`fleet simulator ready in ${s(Date.now() - t)} (admin ${SIM})`);

  configFiles = [
    path.join(root, 'app-config.yaml'),
    path.join(root, 'app-config.production.yaml'),
    fleetConfig,
    writeTestConfig(),
  ];
  prepareBackend();
  t = Date.now();
  const how = backendCommand([]).how;
  log(`starting two backends (${how}) on :${BACKEND_PORTS.join(' and :')}`);
  // One after the other: on an empty database, replicas that start together race for the plugins' migration
  // locks and the loser exits ("MigrationLocked: Migration table is already locked"; knex does not wait).
  for (const port of BACKEND_PORTS) {
    const b = startBackend(port);
    await waitFor(`backend :${port}`, 180_000, b, () => ready(port));
    log(`backend :${port} ready after ${s(Date.now() - t)}`);
  }
  const first =
    refreshes[0] ??
    (await nextRefresh({ since: 0, timeoutMs: 3 * INTERVAL_MS }));
  if (!first) throw new Error('no replica logged "Refreshed fleet"');
  log(
    `first refresh by :${first.port}: ${first.clusters} clusters, ${first.requests} requests, ${first.ms} ms`,
  );
  // the lease names the polling replica by its backend process's pid, the one that logged it took the lease
  const row = await leaseRow();
  const loggedBy = allBackends.find(b => b.holders?.has(row?.holder));
  check(
    'the lease row names the replica that polls',
    Boolean(row?.port) &&
      row.port === loggedBy?.port &&
      row.port === first.port,
    `${describeLease(row)}; pid ${row?.pid} is ${
      row?.port ? `:${row.port}'s backend process` : "no replica's process"
    }, ` +
      `"This replica polls the fleet" logged by ${
        loggedBy ? `:${loggedBy.port}` : 'none'
      }, first refresh by :${first.port}`,
  );

  // 1. one refresh per interval in total
  await checkOneRefreshPerInterval();
  // 2. the same snapshot on both
  await checkSameSnapshot();

  // 3. faults, then SIGTERM to the polling replica
  const baseline = await injectFaults();
  await checkSameSnapshot(' (with the faults)');
  const v1 = await takeover('SIGTERM', baseline);
  if (v1?.port) {
    await restart(v1);
    await nextRefresh({});
    // 4. SIGKILL between two runs, to a replica whose successor's own polling state is old: the replica that
    //    took over after the SIGTERM (it has polled) pauses (SIGSTOP) while the restarted one polls and sees a
    //    second cluster fail; then the poller is killed right after a run and the paused one resumes (SIGCONT).
    //    The survivor must serve the last success the victim saw, not an older one of its own.
    const paused = backends.get(BACKEND_PORTS.find(p => p !== v1.port));
    const poller = backends.get(v1.port);
    killGroup(paused, 'SIGSTOP');
    log(`:${paused.port} paused (SIGSTOP) so that :${poller.port} polls`);
    const polled = await nextRefresh({
      port: poller.port,
      timeoutMs: 2 * INTERVAL_MS + LEASE_TTL_MS + 2000,
    });
    if (!polled)
      check(
        `:${poller.port} polls while :${paused.port} is paused`,
        false,
        'it did not',
      );
    const second = (await sim('GET', '/targets')).find(
      t =>
        t.kind === 'cluster' &&
        t.role === 'spoke' &&
        t.name !== baseline.cluster &&
        t.hub !== baseline.hub,
    );
    await sim('PUT', `/faults/cluster/${encodeURIComponent(second.name)}`, {
      kind: 'down',
    });
    log(`fault: cluster ${second.name}'s API down too`);
    const v2 = await takeover('SIGKILL', baseline, {
      victimPort: poller.port,
      afterKill: () => {
        killGroup(paused, 'SIGCONT');
        log(`:${paused.port} resumed (SIGCONT)`);
      },
    });
    if (v2?.port) {
      await restart(v2);
      await nextRefresh({});
      await checkSameSnapshot(' (after two takeovers and restarts)');
      // 5. SIGKILL in the middle of a run
      await takeover('SIGKILL-mid-run', baseline);
    }
  }
  for (const b of backends.values()) {
    if (b.restarts)
      check(
        `:${b.port} was not restarted by the dev start's file watcher`,
        false,
        `${b.restarts} restarts`,
      );
  }
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.log(`✕ ${e.stack ?? e.message}`);
}
const failures = results.filter(r => !r.ok);
if (failed || failures.length) {
  for (const b of backends.values()) {
    console.log(
      `\n--- last lines of backend :${b.port} (full log: ${path.join(
        WORK,
        `backend-${b.port}.log`,
      )}) ---`,
    );
    console.log(b.tail.slice(-25).join('\n'));
  }
}
await cleanup();
const took = s(Date.now() - startedAt);
if (failed || failures.length) {
  console.log(
    `\ntest:replicas FAILED (${failures.length} of ${
      results.length
    } checks failed${failed ? ', aborted' : ''}) in ${took}; logs in ${WORK}`,
  );
  process.exit(1);
}
console.log(`\ntest:replicas passed: ${results.length} checks in ${took}`);
process.exit(0);
