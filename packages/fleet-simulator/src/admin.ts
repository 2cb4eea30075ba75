/**
 * Optional plain-HTTP admin API on 127.0.0.1 for the CLI:
 *   GET  /targets                          every listener: url, up, fault, latency, request counts
 *   PUT  /faults/hub/<name>                body: a Fault as JSON, or null to clear
 *   PUT  /faults/cluster/<name>            body: a Fault as JSON, or null to clear
 *   PUT  /latency/hub/<name>, /latency/cluster/<name>   body: ms, [min, max], or null
 *   GET  /stats, POST /stats/reset
 *   GET  /backstage-config                 backstageConfig() as JSON
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FleetSpecError } from './fleet/reader';
import type { FleetSimulator } from './server';
import type { Fault, Latency } from './types';

function send(res: http.ServerResponse, status: number, value: unknown): void {
  const body = value === undefined ? '' : JSON.stringify(value, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startAdminServer(
  sim: FleetSimulator,
  port: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    handle(sim, req, res).catch(err => send(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  sim: FleetSimulator,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin.invalid');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/targets')
    return send(res, 200, sim.targets());
  if (method === 'GET' && url.pathname === '/stats')
    return send(res, 200, sim.stats());
  if (method === 'POST' && url.pathname === '/stats/reset') {
    sim.resetStats();
    return send(res, 200, sim.stats());
  }
  if (method === 'GET' && url.pathname === '/backstage-config')
    return send(res, 200, sim.backstageConfig());
  if (
    (parts[0] === 'faults' || parts[0] === 'latency') &&
    parts.length === 3 &&
    (parts[1] === 'hub' || parts[1] === 'cluster')
  ) {
    if (method !== 'PUT')
      return send(res, 405, {
        error: `use PUT /${parts[0]}/${parts[1]}/<name>`,
      });
    const target =
      parts[1] === 'hub' ? { hub: parts[2] } : { cluster: parts[2] };
    const id = `${parts[1]}/${parts[2]}`;
    if (!sim.targets().some(t => t.id === id))
      return send(res, 404, { error: `no ${parts[1]} named "${parts[2]}"` });
    const text = (await readBody(req)).trim();
    let value: unknown;
    try {
      value = text === '' ? null : JSON.parse(text);
    } catch {
      return send(res, 400, {
        error: `the body must be JSON (a ${
          parts[0] === 'faults'
            ? 'Fault such as {"kind":"down"}'
            : 'number or [min, max]'
        }, or null)`,
      });
    }
    try {
      if (parts[0] === 'faults')
        await sim.setFault(target, value as Fault | null);
      else sim.setLatency(target, value as Latency | null);
    } catch (e) {
      return send(res, e instanceof FleetSpecError ? 400 : 500, {
        error: (e as Error).message,
      });
    }
    return send(
      res,
      200,
      sim.targets().find(t => t.id === id),
    );
  }
  return send(res, 404, {
    error: 'not found',
    routes: [
      'GET /targets',
      'PUT /faults/hub/<name>',
      'PUT /faults/cluster/<name>',
      'PUT /latency/hub/<name>',
      'PUT /latency/cluster/<name>',
      'GET /stats',
      'POST /stats/reset',
      'GET /backstage-config',
    ],
  });
}
