/**
 * The simulated GitHub's plain-HTTP listener (loopback by default): reads the request, answers with handler.ts,
 * counts and records requests (method, path, status). Never logs request bodies, query strings or tokens.
 */
import * as http from 'node:http';
import type { Socket } from 'node:net';
import { SimRequest } from '../http';
import { GitApi, githubError, handleGitHub } from './handler';
import { GitHost } from './repos';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_LOG = 1000;

/** One request the simulated GitHub answered (no query string, body or headers). */
export interface GitRequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export class GitListener {
  readonly server: http.Server;
  port = 0;
  requests = 0;
  /**
   * The last requests answered (method, path, status), oldest first. With FLEET_SIMULATOR_GIT_LOG=1 each one is
   * also printed to stderr.
   */
  readonly log: GitRequestLogEntry[] = [];
  private readonly sockets = new Set<Socket>();
  private api?: GitApi;

  constructor(
    readonly git: GitHost,
    private readonly token: string,
    private readonly host: string,
    private readonly urlHost: string,
  ) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(err => {
        if (!res.headersSent) {
          const reply = githubError(
            500,
            `the simulator failed: ${String(err)}`,
          );
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(reply.body);
        }
      });
    });
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Base URL of the REST API (Backstage's integrations.github[].apiBaseUrl). */
  get url(): string {
    return `http://${this.urlHost}:${this.port}`;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new Error(
                `port ${port} on ${this.host} is already in use (for the simulated Git host); pick another basePort or use 0`,
              )
            : err,
        );
      this.server.once('error', onError);
      this.server.listen(port, this.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        if (addr && typeof addr === 'object') this.port = addr.port;
        this.api = { git: this.git, token: this.token, apiBaseUrl: this.url };
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise(resolve => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.server.closeAllConnections();
    });
  }

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    this.requests++;
    const body = await new Promise<string | undefined>(resolve => {
      if (req.method === 'GET' || req.method === 'HEAD') {
        req.resume();
        resolve(undefined);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const url = new URL(req.url ?? '/', 'http://git.invalid');
    const simReq: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      hostPort: `${this.urlHost}:${this.port}`,
      ...(body !== undefined ? { body } : {}),
    };
    const reply = handleGitHub(this.api!, simReq);
    const entry = {
      method: simReq.method,
      path: simReq.path,
      status: reply.status,
    };
    this.log.push(entry);
    if (this.log.length > MAX_LOG)
      this.log.splice(0, this.log.length - MAX_LOG);
    if (process.env.FLEET_SIMULATOR_GIT_LOG === '1')
      process.stderr.write(
        `simulated GitHub: ${entry.method} ${entry.path} ${entry.status}\n`,
      );
    const out = Buffer.from(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      ...(reply.headers ?? {}),
      ...(reply.status === 204 ? {} : { 'content-length': out.length }),
    });
    if (req.method === 'HEAD' || reply.status === 204) res.end();
    else res.end(out);
  }
}
