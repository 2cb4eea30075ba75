/**
 * Input hygiene shared by the actions: no template markers in any value (the hub's ExternalSecret, engineVersion v2,
 * and its ApplicationSets render them), the spoke's API server kept as its parsed URL, a CA decoded strictly, and
 * repository URLs in a shape the policy's patterns can judge. Each check throws an InputError naming the field and
 * never echoes a value that may be a credential. Pure: no I/O.
 */
import { InputError } from '@backstage/errors';
import { X509Certificate } from 'node:crypto';

const MARKERS = /\{\{|\}\}/;

/** Paths of the strings (values or keys) in `input` that hold `{{` or `}}`. */
export function findTemplateMarkers(input: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (MARKERS.test(value)) found.push(path || '(input)');
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (MARKERS.test(k)) found.push(p);
        else walk(v, p);
      }
    }
  };
  walk(input, '');
  return found;
}

/** Refuses `{{` and `}}` anywhere in the input, naming every field that has them. */
export function checkNoTemplateMarkers(input: unknown): void {
  const found = findTemplateMarkers(input);
  if (found.length > 0) {
    throw new InputError(
      `${found.join(', ')} ${
        found.length === 1 ? 'holds' : 'hold'
      } "{{" or "}}": template markers are refused in every input, because the hub renders them (the ` +
        'ExternalSecret that builds a cluster Secret, the add-on ApplicationSets) and could copy a secret into a field Argo CD shows. Remove them',
    );
  }
}

/**
 * A spoke's API server as stored: the parsed URL's origin (scheme, lowercase host, port unless the default) and path,
 * without a trailing slash, credentials, query or fragment.
 */
export function normalizeServerUrl(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * A server URL as two are compared (normalized as stored when it parses, else trimmed of space and trailing
 * slashes), so `https://x.example.com:443/` and `https://X.example.com` are the same server.
 */
export function comparableServer(server: string): string {
  const text = server.trim();
  try {
    if (/^https?:\/\//i.test(text)) return normalizeServerUrl(new URL(text));
  } catch {
    // not a URL: compared as written
  }
  return text.replace(/\/+$/, '');
}

const PEM_CERTIFICATE =
  /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

const CA_SHAPE =
  'must be a PEM certificate, or base64 of one (kubeconfig certificate-authority-data)';

/**
 * A CA given as PEM or as base64 of PEM (kubeconfig certificate-authority-data), decoded strictly: the base64 must be
 * canonical, the PEM must hold certificates and nothing else, and each must parse as X.509. Returns the base64 Argo
 * CD's tlsClientConfig.caData takes.
 */
export function decodeCaData(text: string, field = 'tls.caData'): string {
  const trimmed = text.trim();
  let pem: string;
  let base64: string;
  if (trimmed.startsWith('-----BEGIN')) {
    pem = `${trimmed}\n`;
    base64 = Buffer.from(pem, 'utf8').toString('base64');
  } else {
    base64 = trimmed.replace(/\s+/g, '');
    if (
      !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) ||
      Buffer.from(base64, 'base64').toString('base64') !== base64
    ) {
      throw new InputError(`${field} is not base64 nor PEM: it ${CA_SHAPE}`);
    }
    pem = Buffer.from(base64, 'base64').toString('utf8');
  }
  const blocks = [...pem.matchAll(PEM_CERTIFICATE)].map(m => m[0]);
  if (blocks.length === 0) {
    throw new InputError(`${field} ${CA_SHAPE}`);
  }
  if (pem.replace(PEM_CERTIFICATE, '').trim() !== '') {
    throw new InputError(
      `${field} ${CA_SHAPE}, with nothing else beside the certificates`,
    );
  }
  blocks.forEach((block, i) => {
    try {
      // eslint-disable-next-line no-new
      new X509Certificate(block);
    } catch {
      throw new InputError(
        `${field} ${CA_SHAPE}: certificate ${i + 1} of ${
          blocks.length
        } is not a valid X.509 certificate`,
      );
    }
  });
  return base64;
}

const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)\S+$/;

/**
 * A Git repository URL (`https://`, `http://`, `ssh://`, `git://`, or `git@host:path`) without query, fragment, `.`
 * or `..` segments or encoded dots and slashes, so that what the policy's patterns match is what Argo CD fetches.
 * Credentials in it are found by the credential check (validation/tokens) first.
 */
export function checkRepoUrl(field: string, value: string): string {
  const v = value.trim();
  const hint = `give the repository's URL (e.g. https://github.com/acme/shop)`;
  let path: string;
  if (SCP_LIKE.test(v)) {
    path = v.slice(v.indexOf(':') + 1);
  } else {
    let url: URL;
    try {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) throw new Error('no scheme');
      url = new URL(v);
    } catch {
      throw new InputError(`${field} "${v}" is not a URL: ${hint}`);
    }
    if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) {
      throw new InputError(
        `${field} must be an https, http, ssh or git URL (got ${url.protocol.replace(
          ':',
          '',
        )})`,
      );
    }
    if (url.search || url.hash || /[?#]/.test(v)) {
      throw new InputError(`${field} must not have a query or fragment`);
    }
    path = v.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  }
  if (
    path.split('/').some(s => s === '.' || s === '..') ||
    /%2e|%2f|%5c|\\/i.test(path)
  ) {
    throw new InputError(
      `${field} must not hold "." or ".." segments, backslashes or encoded dots and slashes: ${hint}`,
    );
  }
  return v;
}
