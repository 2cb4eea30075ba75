#!/usr/bin/env node
/*
 * npm start             → fleet simulator + backend + frontend on the simulated fleet (portal at :3000)
 * npm run start:backend → the backend only, on app-config.yaml; extra `--config file` flags are merged over it
 *                          (add --with-simulator to also run the simulated fleet)
 *
 * The simulator generates its TLS certificate at start and writes .fleet/app-config.fleet.yaml (hub URLs,
 * tokens, its CA) which is layered over app-config.yaml. That file is git-ignored.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const backendOnly = args.includes('--backend-only');
const withSimulator = !backendOnly || args.includes('--with-simulator');

const extraConfigs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--config' && args[i + 1]) {
    extraConfigs.push(path.resolve(process.cwd(), args[++i]));
  } else if (args[i].startsWith('--config=')) {
    extraConfigs.push(
      path.resolve(process.cwd(), args[i].slice('--config='.length)),
    );
  }
}
for (const file of extraConfigs) {
  if (!fs.existsSync(file)) {
    console.error(`Config file not found: ${file}`);
    process.exit(1);
  }
}

const children = [];
function stopAll(code) {
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function run(cmd, cmdArgs, options = {}) {
  const child = spawn(cmd, cmdArgs, {
    cwd: root,
    stdio: 'inherit',
    ...options,
  });
  children.push(child);
  child.on('exit', code => {
    if (code !== 0 && code !== null) {
      console.error(
        `${path.basename(cmd)} ${cmdArgs.join(' ')} exited with ${code}`,
      );
    }
    stopAll(code ?? 0);
  });
  return child;
}

async function startSimulator() {
  const fleetConfig = path.join(root, '.fleet', 'app-config.fleet.yaml');
  const simArgs = [
    path.join(root, 'packages/fleet-simulator/bin/fleet-simulator.js'),
    '--base-port',
    process.env.FLEET_BASE_PORT ?? '7443',
    '--admin-port',
    process.env.FLEET_ADMIN_PORT ?? '7442',
    '--write-config',
    fleetConfig,
  ];
  if (process.env.FLEET_FILE)
    simArgs.push('--fleet', path.resolve(process.env.FLEET_FILE));
  if (process.env.FLEET_GENERATE)
    simArgs.push('--generate', process.env.FLEET_GENERATE);

  const child = spawn(process.execPath, simArgs, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', chunk => {
      process.stdout.write(chunk);
      buffered += chunk.toString();
      if (buffered.includes('fleet-simulator ready')) resolve();
    });
    child.on('exit', code =>
      reject(
        new Error(`fleet simulator exited with ${code} before it was ready`),
      ),
    );
  });
  child.on('exit', code => stopAll(code ?? 0));
  return fleetConfig;
}

async function main() {
  const configs = [path.join(root, 'app-config.yaml')];
  if (withSimulator) configs.push(await startSimulator());
  configs.push(...extraConfigs);
  const configArgs = configs.flatMap(file => ['--config', file]);
  const cli = path.join(root, 'node_modules/.bin/backstage-cli');
  if (backendOnly) {
    run(cli, ['package', 'start', ...configArgs], {
      cwd: path.join(root, 'packages/backend'),
    });
  } else {
    run(cli, ['repo', 'start', ...configArgs]);
  }
}

main().catch(e => {
  console.error(e.message);
  stopAll(1);
});
