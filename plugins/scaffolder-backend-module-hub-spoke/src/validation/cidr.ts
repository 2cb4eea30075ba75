/**
 * IPv4 and IPv6 CIDRs: parsing, private ranges (RFC 1918, RFC 4193 fc00::/7) and overlap.
 */

/** A parsed CIDR. */
export interface Cidr {
  family: 4 | 6;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
  /** Canonical text, e.g. 10.30.0.0/16 or fd00:30::/48. */
  text: string;
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let n = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined; // no octal-looking octets
    const v = Number(part);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [
    ...head,
    ...Array(halves.length === 2 ? missing : 0).fill(0),
    ...tail,
  ];
  return all.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

function formatIpv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map(s => String((n >> s) & 0xffn)).join('.');
}

function formatIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((n >> BigInt((7 - i) * 16)) & 0xffffn),
  );
  // RFC 5952: the longest run (2+) of zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map(g => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex
    .slice(best + bestLen)
    .join(':')}`;
}

function mask(family: 4 | 6, prefix: number): bigint {
  const total = bits(family);
  return ((1n << BigInt(total)) - 1n) ^ ((1n << BigInt(total - prefix)) - 1n);
}

/** Parses a CIDR; `hostBits` tells when the address had host bits set (10.1.2.3/16). */
export function parseCidr(
  text: string,
): { cidr: Cidr; hostBits: boolean } | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const v4 = parseIpv4(m[1]);
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const addr = v4 ?? parseIpv6(m[1]);
  if (addr === undefined) return undefined;
  const prefix = Number(m[2]);
  if (prefix > bits(family) || (m[2].length > 1 && m[2].startsWith('0')))
    return undefined;
  const network = addr & mask(family, prefix);
  const text2 = `${
    family === 4 ? formatIpv4(network) : formatIpv6(network)
  }/${prefix}`;
  return {
    cidr: { family, network, prefix, text: text2 },
    hostBits: network !== addr,
  };
}

/** Private ranges: RFC 1918 and RFC 4193 (fc00::/7). */
export const PRIVATE_RANGES: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
].map(t => parseCidr(t)!.cidr);

/** True when `inner` lies wholly inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix)
    return false;
  return (inner.network & mask(outer.family, outer.prefix)) === outer.network;
}

/** True when two CIDRs share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const p = Math.min(a.prefix, b.prefix);
  const m = mask(a.family, p);
  return (a.network & m) === (b.network & m);
}

/** The private range a CIDR lies in, if any. */
export function privateRangeOf(c: Cidr): Cidr | undefined {
  return PRIVATE_RANGES.find(r => contains(r, c));
}
