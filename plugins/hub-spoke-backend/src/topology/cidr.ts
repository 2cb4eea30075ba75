/** IPv4/IPv6 CIDR parsing and overlap detection, for spoke network planning. Pure. */

export interface ParsedCidr {
  cidr: string;
  version: 4 | 6;
  /** First address as a bigint. */
  start: bigint;
  /** Last address as a bigint. */
  end: bigint;
}

function parseIpv4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) + BigInt(n);
  }
  return value;
}

function parseIpv6(address: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(address)) return undefined;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (
    (halves.length === 1 && missing !== 0) ||
    (halves.length === 2 && missing < 1)
  )
    return undefined;
  const groups = [
    ...head,
    ...Array(halves.length === 2 ? missing : 0).fill('0'),
    ...tail,
  ];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) + BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses `10.1.0.0/16` or `fd00::/48`; undefined when it is not a CIDR. Host bits are masked off. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const trimmed = text.trim();
  const match = /^([^/]+)\/(\d{1,3})$/.exec(trimmed);
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const v4 = parseIpv4(match[1]);
  const version: 4 | 6 = v4 !== undefined ? 4 : 6;
  const address = v4 ?? parseIpv6(match[1]);
  const bits = version === 4 ? 32n : 128n;
  if (address === undefined || prefix > Number(bits)) return undefined;
  const hostBits = bits - BigInt(prefix);
  const start = (address >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { cidr: trimmed, version, start, end };
}

/** Splits an annotation value such as `10.1.0.0/16, 10.2.0.0/16` into valid CIDRs; invalid entries are returned apart. */
export function parseCidrList(value: string | undefined): {
  valid: ParsedCidr[];
  invalid: string[];
} {
  const valid: ParsedCidr[] = [];
  const invalid: string[] = [];
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseCidr(entry);
    if (parsed) valid.push(parsed);
    else invalid.push(entry);
  }
  return { valid, invalid };
}

export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

/** True for RFC 1918 (IPv4) and RFC 4193 unique-local (IPv6) ranges: where spoke networks belong. */
export function isPrivateCidr(c: ParsedCidr): boolean {
  const within = (cidr: string) => {
    const range = parseCidr(cidr)!;
    return (
      range.version === c.version &&
      c.start >= range.start &&
      c.end <= range.end
    );
  };
  return c.version === 4
    ? within('10.0.0.0/8') ||
        within('172.16.0.0/12') ||
        within('192.168.0.0/16')
    : within('fc00::/7');
}

export interface NetworkOwner {
  id: string;
  cidrs: ParsedCidr[];
}

export interface Overlap {
  a: string;
  b: string;
  aCidr: string;
  bCidr: string;
}

/**
 * Every overlapping pair between different owners. Sorted by start address, so a fleet of N networks costs
 * O(N log N + overlaps) rather than N².
 */
export function findOverlaps(owners: NetworkOwner[]): Overlap[] {
  const ranges = owners
    .flatMap(owner => owner.cidrs.map(cidr => ({ owner: owner.id, cidr })))
    .sort((x, y) =>
      x.cidr.version !== y.cidr.version
        ? x.cidr.version - y.cidr.version
        : x.cidr.start < y.cidr.start
        ? -1
        : x.cidr.start > y.cidr.start
        ? 1
        : 0,
    );
  const overlaps: Overlap[] = [];
  const open: typeof ranges = [];
  for (const current of ranges) {
    for (let i = open.length - 1; i >= 0; i--) {
      if (
        open[i].cidr.version !== current.cidr.version ||
        open[i].cidr.end < current.cidr.start
      )
        open.splice(i, 1);
    }
    for (const other of open) {
      if (
        other.owner !== current.owner &&
        cidrsOverlap(other.cidr, current.cidr)
      ) {
        overlaps.push({
          a: other.owner,
          b: current.owner,
          aCidr: other.cidr.cidr,
          bCidr: current.cidr.cidr,
        });
      }
    }
    open.push(current);
  }
  return overlaps;
}
