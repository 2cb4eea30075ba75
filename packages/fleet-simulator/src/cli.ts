/**
 * fleet-simulator command line. Run through bin/fleet-simulator.js (which registers tsx).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { startAdminServer } from './admin';
import { GenerateOptions, generateFleet } from './fleet/generate';
import { defaultFleetPath, loadFleetFile } from './fleet/parse';
import { startFleetSimulator } from './server';
import type { FleetSpec } from './types';

export const USAGE = `Usage: fleet-simulator [options]

  --fleet <file>            fleet YAML file (default: fleets/default.yaml)
  --generate <spec>         generate a fleet instead, e.g. spokes=200,apps=10000,hubs=1,seed=1
                            (also: latency=<ms> or latency=<min>-<max>, workloads=true)
  --host <address>          listen address (default 127.0.0.1)
  --base-port <n>           first port; listeners use n, n+1, ... (default 7443; 0 = ephemeral ports)
  --write-config <file>     write the Backstage config (hubSpoke + kubernetes) as YAML
  --admin-port <n>          plain-HTTP admin API on 127.0.0.1:<n> (faults, latency, stats)
  -h, --help                show this help
`;

export interface CliOptions {
  fleet?: string;
  generate?: GenerateOptions;
  host: string;
  basePort: number;
  writeConfig?: string;
  adminPort?: number;
}

function portOf(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(
      `${flag} needs a port number between 0 and 65535, got ${
        value === undefined ? 'nothing' : `"${value}"`
      }`,
    );
  }
  return n;
}

export function parseGenerate(text: string): GenerateOptions {
  const out: GenerateOptions = {};
  for (const pair of text
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)) {
    const [key, value] = pair.split('=').map(s => s.trim());
    if (value === undefined)
      throw new Error(`--generate: expected key=value, got "${pair}"`);
    if (key === 'latency') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(value);
      if (!m)
        throw new Error(
          `--generate: latency must be <ms> or <min>-<max>, got "${value}"`,
        );
      out.latencyMs =
        m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
    } else if (key === 'workloads') {
      if (value !== 'true' && value !== 'false')
        throw new Error(
          `--generate: workloads must be true or false, got "${value}"`,
        );
      out.workloads = value === 'true';
    } else if (
      key === 'hubs' ||
      key === 'spokes' ||
      key === 'apps' ||
      key === 'seed'
    ) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(
          `--generate: ${key} must be a non-negative integer, got "${value}"`,
        );
      out[key] = n;
    } else {
      throw new Error(
        `--generate: unknown key "${key}" (known: hubs, spokes, apps, seed, latency, workloads)`,
      );
    }
  }
  return out;
}

export function parseArgs(argv: string[]): CliOptions | 'help' {
  const opts: CliOptions = { host: '127.0.0.1', basePort: 7443 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--'))
        throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--fleet':
        opts.fleet = value();
        break;
      case '--generate':
        opts.generate = parseGenerate(value());
        break;
      case '--host':
        opts.host = value();
        break;
      case '--base-port':
        opts.basePort = portOf(flag, value());
        break;
      case '--write-config':
        opts.writeConfig = value();
        break;
      case '--admin-port':
        opts.adminPort = portOf(flag, value());
        break;
      default:
        throw new Error(`unknown option "${arg}"\n\n${USAGE}`);
    }
  }
  if (opts.fleet && opts.generate)
    throw new Error('use either --fleet or --generate, not both');
  return opts;
}

export async function main(argv: string[]): Promise<void> {
  let opts: CliOptions | 'help';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`fleet-simulator: ${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  try {
    const fleet: FleetSpec = opts.generate
      ? generateFleet(opts.generate)
      : loadFleetFile(opts.fleet ?? defaultFleetPath);
    const sim = await startFleetSimulator({
      fleet,
      host: opts.host,
      basePort: opts.basePort,
    });
    const admin =
      opts.adminPort !== undefined
        ? await startAdminServer(sim, opts.adminPort)
        : undefined;
    if (opts.writeConfig) {
      const file = path.resolve(opts.writeConfig);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(
        file,
        `# Written by fleet-simulator; it changes with every start (new CA).\n${stringify(
          sim.backstageConfig(),
          { lineWidth: 0 },
        )}`,
      );
    }
    const source = opts.generate
      ? `generated (${JSON.stringify(opts.generate)})`
      : path.resolve(opts.fleet ?? defaultFleetPath);
    const lines = [
      `fleet: ${source}`,
      ...sim.hubs.map(
        // tokens are never printed: they are in the written config file (git-ignored) and the fleet file
        h => `  argocd   ${h.name.padEnd(24)} ${h.url}`,
      ),
      ...sim.clusters.map(
        c =>
          `  cluster  ${c.name.padEnd(24)} ${c.url}  (${c.role} of ${c.hub})`,
      ),
      ...(sim.git
        ? [
            `  git      ${sim.git.host.padEnd(24)} ${
              sim.git.apiBaseUrl
            }  (GitHub REST API; ${sim.git.repos
              .list()
              .map(r => `${r.owner}/${r.name}`)
              .join(', ')})`,
          ]
        : []),
      ...(admin ? [`admin API: ${admin.url}`] : []),
      ...(opts.writeConfig
        ? [`backstage config written to ${path.resolve(opts.writeConfig)}`]
        : []),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(
      `fleet-simulator ready argocd: ${sim.hubs
        .map(h => `${h.name}=${h.url}`)
        .join(' ')} kubernetes: ${sim.clusters
        .map(c => `${c.name}=${c.url}`)
        .join(' ')}${sim.git ? ` git: ${sim.git.apiBaseUrl}` : ''}${
        admin ? ` admin: ${admin.url}` : ''
      }\n`,
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`fleet-simulator: ${signal}, shutting down\n`);
      Promise.all([sim.close(), admin?.close()]).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  } catch (e) {
    process.stderr.write(`fleet-simulator: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
