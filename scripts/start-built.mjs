#!/usr/bin/env node
/*
 * npm run start:built [-- flags] → the production build (`npm run build`) run the way an adopter deploys it, with
 * the built frontend served by the backend (plugin-app-backend) on one port, against the fleet simulator.
 *
 * What it does (the steps of Backstage's host-build Dockerfile, without Docker):
 *   1. in a run directory OUTSIDE the repo (so nothing resolves from the repo's node_modules by accident): the root
 *      package.json and package-lock.json, packages/backend/dist/skeleton.tar.gz (the workspace package.jsons), then
 *      `npm install --omit=dev --prefer-offline` (served by the npm cache after a repo `npm install`; 2-3 min on
 *      2 cores, most of it compiling better-sqlite3). Reused while skeleton.tar.gz, package-lock.json and the root
 *      package.json's dependency fields are unchanged;
 *   2. unpacks packages/backend/dist/bundle.tar.gz over it (backend, the backend plugins' and the app's dist);
 *   3. starts the fleet simulator (like scripts/start.mjs, on its own ports) and then
 *      `NODE_ENV=production node packages/backend --config app-config.yaml --config <fleet> --config <ports>`
 *      from <run>/packages/backend (app-config.yaml's catalog paths are relative to it).
 * Prints "start-built ready http://localhost:<port> (<ms> ms)" once /.backstage/health/v1/readiness answers.
 * The generated <ports> config sets app/backend baseUrl, listen port and CORS to the one port and allows guest
 * sign-in and the demo's platform-engineer sign-in under NODE_ENV=production (auth.providers.guest and platform-guest
 * dangerouslyAllowOutsideDevelopment): for local use only.
 *
 * Flags (defaults avoid npm start's 3000/7007/7442/7443):
 *   --port N                  backend (and frontend) port                         default 7207
 *   --simulator-admin-port N  simulator admin API port                            default 7742 (0: any free)
 *   --base-port N             first simulator port (one per hub Argo CD/cluster)  default 7743 (0: any free)
 *   --fleet FILE              passed to the simulator (a fleet file)
 *   --generate SPEC           passed to the simulator, e.g. spokes=200,apps=10000
 *   --no-simulator            no simulator: give your hubs with --config
 *   --config FILE             extra config layered last (repeatable)
 *   --run-dir DIR             where to unpack and install      default $TMPDIR/hub-spoke-built
 *   --reinstall               install the dependencies again even if the cached ones match
 *   --prepare-only            unpack and install, then exit (no simulator, no backend)
 * Stops everything it started on SIGINT/SIGTERM or when the simulator or the backend exits.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'packages/backend/dist/bundle.tar.gz');
const skeleton = path.join(root, 'packages/backend/dist/skeleton.tar.gz');

function parseArgs(argv) {
  const opts = {
    port: 7207,
    adminPort: 7742,
    basePort: 7743,
    simulator: true,
    configs: [],
    runDir: path.join(os.tmpdir(), 'hub-spoke-built'),
    reinstall: false,
    prepareOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=')
      ? [
          argv[i].slice(0, argv[i].indexOf('=')),
          argv[i].slice(argv[i].indexOf('=') + 1),
        ]
      : [argv[i]];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const port = (min = 1) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > 65535)
        throw new Error(`${flag}: not a port`);
      return n;
    };
    switch (flag) {
      case '--port':
        opts.port = port();
        break;
      case '--simulator-admin-port':
        opts.adminPort = port(0);
        break;
      case '--base-port':
        opts.basePort = port(0);
        break; // 0: the simulator picks free ports
      case '--fleet':
        opts.fleet = path.resolve(value());
        break;
      case '--generate':
        opts.generate = value();
        break;
      case '--no-simulator':
        opts.simulator = false;
        break;
      case '--config':
        opts.configs.push(path.resolve(value()));
        break;
      case '--run-dir':
        opts.runDir = path.resolve(value());
        break;
      case '--reinstall':
        opts.reinstall = true;
        break;
      case '--prepare-only':
        opts.prepareOnly = true;
        break;
      case '-h':
      case '--help':
        console.log(
          fs
            .readFileSync(fileURLToPath(import.meta.url), 'utf8')
            .split('*/')[0],
        );
        process.exit(0);
      default:
        throw new Error(`unknown flag ${argv[i]} (see --help)`);
    }
  }
  if (opts.fleet && opts.generate)
    throw new Error('use either --fleet or --generate, not both');
  for (const file of [...opts.configs, ...(opts.fleet ? [opts.fleet] : [])]) {
    if (!fs.existsSync(file)) throw new Error(`file not found: ${file}`);
  }
  return opts;
}

const children = new Set();
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null)
      child.kill('SIGTERM');
  const done = () => process.exit(code);
  if ([...children].every(c => c.exitCode !== null || c.signalCode !== null))
    return done();
  setTimeout(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    done();
  }, 5000).unref();
  Promise.all(
    [...children].map(c =>
      c.exitCode !== null || c.signalCode !== null
        ? null
        : new Promise(r => c.once('exit', r)),
    ),
  ).then(done);
}
process.on('SIGINT', () => stopAll(130));
process.on('SIGTERM', () => stopAll(143));
process.on('exit', () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null)
      child.kill('SIGKILL');
});

function sh(cmd, args, options) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (res.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${res.status ?? res.signal})`,
    );
}

/** Unpacks the bundle into the run directory and installs its production dependencies (cached). */
async function prepare(opts) {
  for (const file of [
    bundle,
    skeleton,
    path.join(root, 'packages/app/dist/index.html'),
  ]) {
    if (!fs.existsSync(file))
      throw new Error(
        `${path.relative(root, file)} is missing: run \`npm run build\` first`,
      );
  }
  const rootPkg = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  const key = crypto
    .createHash('sha256')
    .update(fs.readFileSync(skeleton))
    .update(fs.readFileSync(path.join(root, 'package-lock.json')))
    .update(
      JSON.stringify([
        rootPkg.dependencies,
        rootPkg.devDependencies,
        rootPkg.overrides,
        rootPkg.allowScripts,
        rootPkg.workspaces,
      ]),
    )
    .update(process.version)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(opts.runDir, key);
  fs.mkdirSync(opts.runDir, { recursive: true });

  if (opts.reinstall || !fs.existsSync(path.join(dir, '.installed'))) {
    // install into a fresh directory and rename it into place, so a concurrent start never sees half an install
    const tmp = fs.mkdtempSync(path.join(opts.runDir, `${key}.tmp-`));
    try {
      // the Dockerfile order: root package.json + lockfile + skeleton (workspace package.jsons), install, then bundle
      fs.copyFileSync(
        path.join(root, 'package.json'),
        path.join(tmp, 'package.json'),
      );
      fs.copyFileSync(
        path.join(root, 'package-lock.json'),
        path.join(tmp, 'package-lock.json'),
      );
      sh('tar', ['-xzf', skeleton, '-C', tmp]);
      console.log(
        `start-built: installing production dependencies in ${tmp} (npm install --omit=dev)…`,
      );
      const started = Date.now();
      sh(
        'npm',
        [
          'install',
          '--omit=dev',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
        ],
        { cwd: tmp },
      );
      console.log(
        `start-built: installed in ${Math.round(
          (Date.now() - started) / 1000,
        )} s`,
      );
      fs.writeFileSync(path.join(tmp, '.installed'), new Date().toISOString());
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    // older installs (other keys) are no longer needed, nor installs interrupted more than an hour ago
    for (const entry of fs.readdirSync(opts.runDir)) {
      const full = path.join(opts.runDir, entry);
      const stale = entry.includes('.tmp-')
        ? Date.now() - fs.statSync(full).mtimeMs > 3_600_000
        : entry !== key;
      if (stale) fs.rmSync(full, { recursive: true, force: true });
    }
  }
  const bundleSha = sha(bundle);
  const stamp = path.join(dir, '.bundle-sha');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== bundleSha) {
    console.log(
      `start-built: unpacking ${path.relative(root, bundle)} into ${dir}`,
    );
    for (const ws of ['packages', 'plugins']) {
      for (const pkg of fs.existsSync(path.join(dir, ws))
        ? fs.readdirSync(path.join(dir, ws))
        : []) {
        fs.rmSync(path.join(dir, ws, pkg, 'dist'), {
          recursive: true,
          force: true,
        });
      }
    }
    // its empty yarn.lock is only there for backstage-cli
    sh('tar', ['-xzf', bundle, '-C', dir, '--exclude=yarn.lock']);
    fs.writeFileSync(stamp, bundleSha);
  }
  // what an image would COPY beside the bundle: configs and the catalog files app-config.yaml points at
  for (const entry of [
    'app-config.yaml',
    'app-config.production.yaml',
    'catalog-info.yaml',
    'examples',
    'templates',
  ]) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), {
      recursive: true,
    });
  }
  return dir;
}

function sha(file) {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(file))
    .digest('hex');
}

function startSimulator(opts, dir) {
  const fleetConfig = path.join(dir, `app-config.fleet-${opts.port}.yaml`); // per backend port: one per instance
  const args = [
    path.join(root, 'packages/fleet-simulator/bin/fleet-simulator.js'),
    '--base-port',
    String(opts.basePort),
    '--admin-port',
    String(opts.adminPort),
    '--write-config',
    fleetConfig,
  ];
  if (opts.fleet) args.push('--fleet', opts.fleet);
  if (opts.generate) args.push('--generate', opts.generate);
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', chunk => {
      process.stdout.write(chunk);
      if (buffered !== null) {
        buffered += chunk.toString();
        if (buffered.includes('fleet-simulator ready')) {
          buffered = null;
          resolve(fleetConfig);
        }
      }
    });
    child.once('exit', code => {
      reject(
        new Error(`fleet simulator exited with ${code} before it was ready`),
      );
      if (!stopping)
        console.error(`start-built: the fleet simulator exited (${code})`);
      stopAll(code || 1);
    });
  });
}

async function waitReady(url, backend) {
  for (;;) {
    if (backend.exitCode !== null || backend.signalCode !== null) return false;
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const dir = await prepare(opts);
  if (opts.prepareOnly) {
    console.log(`start-built: prepared ${dir}`);
    return;
  }
  const started = Date.now();
  const base = `http://localhost:${opts.port}`;
  const portsConfig = path.join(dir, `app-config.built-${opts.port}.yaml`);
  fs.writeFileSync(
    portsConfig,
    [
      '# Written by scripts/start-built.mjs: one port for the backend and the frontend it serves. Local use only.',
      `app: { baseUrl: '${base}' }`,
      `backend: { baseUrl: '${base}', listen: { port: ${opts.port} }, cors: { origin: '${base}' } }`,
      'auth: { providers: { guest: { dangerouslyAllowOutsideDevelopment: true }, platform-guest: { dangerouslyAllowOutsideDevelopment: true } } }',
      '',
    ].join('\n'),
  );
  const configs = [path.join(dir, 'app-config.yaml')];
  if (opts.simulator) configs.push(await startSimulator(opts, dir));
  configs.push(portsConfig, ...opts.configs);

  const backendDir = path.join(dir, 'packages/backend');
  const backend = spawn(
    process.execPath,
    [backendDir, ...configs.flatMap(c => ['--config', c])],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
  children.add(backend);
  backend.once('exit', code => {
    if (!stopping) console.error(`start-built: the backend exited (${code})`);
    stopAll(code || 1);
  });
  if (await waitReady(`${base}/.backstage/health/v1/readiness`, backend)) {
    console.log(`start-built ready ${base} (${Date.now() - started} ms)`);
  }
}

main().catch(e => {
  console.error(`start-built: ${e.message}`);
  stopAll(1);
});
