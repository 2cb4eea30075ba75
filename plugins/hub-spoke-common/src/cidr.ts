/**
 * IPv4 and IPv6 CIDRs for spoke network planning: strict parsing into one representation (an address range of
 * bigints), containment, overlap, the private ranges (RFC 1918, RFC 4193) and an O(N log N) overlap sweep over a
 * fleet. Addresses are read and written by ipaddr.js. Pure; runs in the browser and in Node.
 */
import ipaddr from 'ipaddr.js';

/** A parsed CIDR. @public */
export interface Cidr {
  family: 4 | 6;
  prefix: number;
  /** Canonical text: the network address (host bits cleared, IPv6 as RFC 5952) and prefix, e.g. `fd00:30::/48`. */
  text: string;
  /** The text as given, trimmed, e.g. `10.30.1.2/16` or `FD00:0030::/48`. */
  input: string;
  /** First address of the range (the network address), as an unsigned integer. */
  start: bigint;
  /** Last address of the range. */
  end: bigint;
  /** Whether the given address had host bits set (`10.30.1.2/16`). */
  hostBits: boolean;
}

const BITS = { 4: 32, 6: 128 } as const;
const HEX_GROUPS = /^[0-9a-fA-F:.]+$/;
/** `/0` to `/128` without leading zeros. */
const PREFIX = /^(0|[1-9]\d{0,2})$/;

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
}

/**
 * Reads an address strictly: IPv4 as four decimal octets without leading zeros (no `010.1.0.0`, which some parsers
 * read as octal), IPv6 with at most four hex digits a group, an optional trailing IPv4 part read as strictly, and no
 * zone.
 */
function parseAddress(
  text: string,
): { family: 4 | 6; value: bigint } | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return {
      family: 4,
      value: toBigInt(ipaddr.IPv4.parse(text).toByteArray()),
    };
  }
  if (!HEX_GROUPS.test(text) || !ipaddr.IPv6.isValid(text)) return undefined;
  if (
    text.includes('.') &&
    !ipaddr.IPv4.isValidFourPartDecimal(text.slice(text.lastIndexOf(':') + 1))
  ) {
    return undefined;
  }
  return { family: 6, value: toBigInt(ipaddr.IPv6.parse(text).toByteArray()) };
}

/**
 * Writes an address given as an unsigned integer: dotted decimal for IPv4, RFC 5952 text for IPv6.
 *
 * @public
 */
export function formatIpAddress(family: 4 | 6, value: bigint): string {
  const bytes = Array.from({ length: BITS[family] / 8 }, (_, i) =>
    Number((value >> BigInt(BITS[family] - 8 * (i + 1))) & 0xffn),
  );
  const address = ipaddr.fromByteArray(bytes);
  return address.kind() === 'ipv6'
    ? (address as ipaddr.IPv6).toRFC5952String()
    : address.toString();
}

/**
 * Parses `10.1.0.0/16` or `fd00::/48` (surrounding space ignored); undefined when the text is not a CIDR. Strict:
 * no octal-looking octets, no leading zeros in the prefix, no zone. An address with host bits set (`10.1.2.3/16`) is
 * accepted, flagged with `hostBits`, and stands for its network.
 *
 * @public
 */
export function parseCidr(text: string): Cidr | undefined {
  const input = text.trim();
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(input);
  if (!m || !PREFIX.test(m[2])) return undefined;
  const address = parseAddress(m[1]);
  if (!address) return undefined;
  const { family, value } = address;
  const prefix = Number(m[2]);
  if (prefix > BITS[family]) return undefined;
  const hostMask = (1n << BigInt(BITS[family] - prefix)) - 1n;
  const start = value & ~hostMask;
  return {
    family,
    prefix,
    text: `${formatIpAddress(family, start)}/${prefix}`,
    input,
    start,
    end: start | hostMask,
    hostBits: start !== value,
  };
}

/**
 * Splits a list such as the `hub-spoke/cidr` annotation (`10.1.0.0/16, 10.2.0.0/16`: commas and/or spaces) into the
 * CIDRs it holds and the entries that are not CIDRs, each in the order given.
 *
 * @public
 */
export function parseCidrList(value: string | undefined): {
  valid: Cidr[];
  invalid: string[];
} {
  const valid: Cidr[] = [];
  const invalid: string[] = [];
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseCidr(entry);
    if (parsed) valid.push(parsed);
    else invalid.push(entry);
  }
  return { valid, invalid };
}

/** Whether `inner` lies wholly inside `outer` (same family). @public */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    outer.start <= inner.start &&
    inner.end <= outer.end
  );
}

/** Whether two CIDRs share an address; never across families. @public */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** The private ranges, where spoke networks belong: RFC 1918 (IPv4) and RFC 4193 unique-local fc00::/7 (IPv6). @public */
export const PRIVATE_CIDR_RANGES: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  'fc00::/7',
].map(t => parseCidr(t)!);

/** The private range a CIDR lies in, if any. @public */
export function privateRangeOf(cidr: Cidr): Cidr | undefined {
  return PRIVATE_CIDR_RANGES.find(range => cidrContains(range, cidr));
}

/** Whether a CIDR lies in a private range (RFC 1918, RFC 4193). @public */
export function isPrivateCidr(cidr: Cidr): boolean {
  return privateRangeOf(cidr) !== undefined;
}

/** Something that holds networks, e.g. a cluster and the CIDRs of its annotation. @public */
export interface CidrOwner {
  id: string;
  cidrs: Cidr[];
}

/** Two owners whose networks overlap, with the CIDRs as given (`input`). @public */
export interface CidrOwnerOverlap {
  a: string;
  b: string;
  aCidr: string;
  bCidr: string;
}

/**
 * Every overlapping pair of CIDRs between different owners (an owner overlapping itself is not reported). Sorted by
 * family and start address, so a fleet of N networks costs O(N log N + overlaps) rather than N².
 *
 * @public
 */
export function findOverlaps(owners: CidrOwner[]): CidrOwnerOverlap[] {
  const ranges = owners
    .flatMap(owner => owner.cidrs.map(cidr => ({ owner: owner.id, cidr })))
    .sort((x, y) => {
      if (x.cidr.family !== y.cidr.family) return x.cidr.family - y.cidr.family;
      if (x.cidr.start === y.cidr.start) return 0;
      return x.cidr.start < y.cidr.start ? -1 : 1;
    });
  const overlaps: CidrOwnerOverlap[] = [];
  const open: typeof ranges = [];
  for (const current of ranges) {
    for (let i = open.length - 1; i >= 0; i--) {
      if (
        open[i].cidr.family !== current.cidr.family ||
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
          aCidr: other.cidr.input,
          bCidr: current.cidr.input,
        });
      }
    }
    open.push(current);
  }
  return overlaps;
}
