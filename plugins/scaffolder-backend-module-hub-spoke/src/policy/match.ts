/**
 * The matchers of the scaffolder policy (see ./readPolicy): repository URL patterns, host patterns (exact host,
 * wildcard, IP address or CIDR), domains, and exec command forms. Pure: no I/O. The CIDR and DNS rules they build on
 * live in @hub-spoke/plugin-hub-spoke-common.
 */
import {
  Cidr,
  cidrContains,
  dns1123SubdomainProblem,
  gatewayHostMatches,
  hostnameProblem,
  normalizeHost,
  parseCidr,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * A repository URL as patterns are compared with it (as Argo CD compares repository URLs): trimmed, lowercased,
 * without trailing slashes and without a `.git` suffix.
 */
export function normalizeRepoUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (pattern[i] === '*') {
      source += '[^/]*';
    } else {
      source += pattern[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether a repository URL matches a pattern: `*` matches within one path segment, `**` across segments; both sides
 * are normalized first (see normalizeRepoUrl), so `https://github.com/acme/*` matches
 * `https://github.com/Acme/shop.git` but not `https://github.com/acme/shop/sub` nor `https://github.com/acme`.
 */
export function repoUrlMatches(pattern: string, url: string): boolean {
  return globToRegExp(normalizeRepoUrl(pattern)).test(normalizeRepoUrl(url));
}

/** Why a repository URL pattern of the config is unusable, or undefined. */
export function repoPatternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'must not be empty';
  if (/\s/.test(pattern)) return 'must not contain spaces';
  if (!/^[a-z*][a-z0-9+.*-]*:\/\/[^/]|^[^\s/:@]+@[^\s/:]+:/i.test(pattern))
    return 'is not a repository URL pattern (e.g. https://github.com/acme/*)';
  return undefined;
}

/** The host as an IP address (a /32 or /128 CIDR), if it is one; `[…]` of an IPv6 URL host is dropped. */
function ipOf(host: string): Cidr | undefined {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (!/^[0-9a-f:.]+$/i.test(bare) || !/[.:]/.test(bare)) return undefined;
  return parseCidr(`${bare}/${bare.includes(':') ? 128 : 32}`);
}

/**
 * Whether a host matches a pattern of `serverHosts`: an exact host (case and a trailing dot ignored), a wildcard
 * `*.azmk8s.io` (any name below azmk8s.io, at any depth, not azmk8s.io itself), an IP address, or an IP CIDR
 * (`10.0.0.0/8`) that holds the host's address. A host name never matches an IP pattern, nor an IP a name.
 */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.trim();
  const ip = ipOf(host);
  if (p.includes('/')) {
    const cidr = parseCidr(p);
    return !!cidr && !!ip && cidrContains(cidr, ip);
  }
  const patternIp = ipOf(p);
  if (patternIp || ip) {
    return (
      !!patternIp &&
      !!ip &&
      patternIp.family === ip.family &&
      patternIp.start === ip.start
    );
  }
  if (p.startsWith('*.')) return gatewayHostMatches(p, host);
  return normalizeHost(p) === normalizeHost(host);
}

/** Why a `serverHosts` pattern is unusable, or undefined. */
export function hostPatternProblem(pattern: string): string | undefined {
  const p = pattern.trim();
  if (/^[0-9a-f:.]+\/\d+$/i.test(p)) {
    const cidr = parseCidr(p);
    if (!cidr) return 'is not a CIDR (e.g. 10.0.0.0/8)';
    if (cidr.hostBits) return `has host bits set; the network is ${cidr.text}`;
    return undefined;
  }
  if (ipOf(p)) return undefined;
  const name = p.startsWith('*.') ? p.slice(2) : p;
  const problem = hostnameProblem(normalizeHost(name));
  return problem
    ? `is not a host, a wildcard such as *.azmk8s.io, an IP address or a CIDR: it ${problem}`
    : undefined;
}

/**
 * Whether a host is one of a domain or under it (`eu.example.com` covers `eu.example.com` and `shop.eu.example.com`);
 * a `*.eu.example.com` domain covers only the names under it.
 */
export function domainCovers(domain: string, host: string): boolean {
  const d = normalizeHost(domain);
  const h = normalizeHost(host);
  if (!d || !h) return false;
  if (d.startsWith('*.')) return gatewayHostMatches(d, h);
  return h === d || h.endsWith(`.${d}`);
}

/** Why a `hubGatewayDomains` entry is unusable, or undefined. */
export function domainPatternProblem(domain: string): string | undefined {
  const d = normalizeHost(domain);
  const problem = hostnameProblem(d.startsWith('*.') ? d.slice(2) : d);
  return problem
    ? `is not a domain (e.g. eu.example.com): it ${problem}`
    : undefined;
}

/** Why an Argo CD project name of the config is unusable, or undefined. */
export function projectPatternProblem(project: string): string | undefined {
  const problem = dns1123SubdomainProblem(project);
  return problem ? `is not an Argo CD project name: it ${problem}` : undefined;
}

/** An allowed exec form: the command and its exact argument list (`*` matches any single value). @public */
export interface ExecForm {
  /** The command, as auth.command must give it (a name looked up in PATH, or a path). */
  command: string;
  /** Omitted: the command takes no arguments. */
  args?: string[];
}

/** Whether a command and its arguments match an allowed form. */
export function execFormMatches(
  form: ExecForm,
  command: string,
  args: readonly string[],
): boolean {
  const want = form.args ?? [];
  return (
    form.command === command &&
    want.length === args.length &&
    want.every((a, i) => a === '*' || a === args[i])
  );
}

/** A form as text, for messages: `argocd-k8s-auth aws --cluster-name * --role-arn *`. */
export function formatExecForm(form: ExecForm): string {
  return [form.command, ...(form.args ?? [])].join(' ');
}
