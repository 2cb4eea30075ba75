/**
 * The simulated GitHub's plain-HTTP listener (loopback by default): reads the request, answers with handler.ts,
 * counts and records requests (method, path, status). Never logs request bodies, query strings or tokens.
 */
import * as http from 'node:http';
import type { Socket } from 'node:net';
import {
  closeServer,
  listenOn,
  readBody,
  simRequest,
  trackConnections,
} from '../serve';
import { githubError, handleGitHub } from './handler';
import { GitApi } from './rest/context';
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
  private readonly sockets: Set<Socket>;
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
    this.sockets = trackConnections(this.server);
  }

  /** Base URL of the REST API (Backstage's integrations.github[].apiBaseUrl). */
  get url(): string {
    return `http://${this.urlHost}:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    this.port = await listenOn(
      this.server,
      port,
      this.host,
      'the simulated Git host',
    );
    this.api = { git: this.git, token: this.token, apiBaseUrl: this.url };
  }

  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return closeServer(this.server, this.sockets);
  }

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    this.requests++;
    const simReq = simRequest(
      req,
      await readBody(req, MAX_BODY_BYTES),
      `${this.urlHost}:${this.port}`,
    );
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
