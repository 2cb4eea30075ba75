/**
 * The Node HTTP(S) server plumbing every listener of the simulator shares (the HTTPS Argo CD and Kubernetes
 * targets in server.ts, the simulated GitHub's plain-HTTP listener): reading request bodies, tracking connections,
 * listening and closing.
 */
import type * as http from 'node:http';
import type * as https from 'node:https';
import type { Socket } from 'node:net';
import type { SimRequest } from './http';

type Server = http.Server | https.Server;

/**
 * Reads the body of a write; GET and HEAD bodies are discarded. A body larger than maxBytes is cut (and fails to
 * parse).
 */
export function readBody(
  req: http.IncomingMessage,
  maxBytes: number,
): Promise<string | undefined> {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The handlers' view of a request: the path and query of its URL, its body as read, the listener's host:port. */
export function simRequest(
  req: http.IncomingMessage,
  body: string | undefined,
  hostPort: string,
): SimRequest {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    hostPort,
    ...(body !== undefined ? { body } : {}),
  };
}

/** Keeps idle connections 5 s and tracks the open ones, for closeServer. */
export function trackConnections(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Listens on host:port (0: an ephemeral port); the port listened on. `what` names the listener in a port clash. */
export function listenOn(
  server: Server,
  port: number,
  host: string,
  what: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let onListening: () => void = () => undefined;
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on ${host} is already in use (for ${what}); pick another basePort or use 0`,
            )
          : err,
      );
    };
    onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(addr && typeof addr === 'object' ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Closes the server and every open connection (trackConnections'): new connections get ECONNREFUSED. */
export function closeServer(
  server: Server,
  sockets: Set<Socket>,
): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
    sockets.clear();
    server.closeAllConnections();
  });
}
