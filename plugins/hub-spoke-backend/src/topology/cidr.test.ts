import { findOverlaps, isPrivateCidr, parseCidr, parseCidrList } from './cidr';

const c = (text: string) => parseCidr(text)!;

describe('parseCidr', () => {
  it('parses IPv4 and masks host bits', () => {
    const parsed = c('10.1.2.3/16');
    expect(parsed.version).toBe(4);
    expect(parsed.start).toBe(c('10.1.0.0/16').start);
    expect(parsed.end - parsed.start).toBe(65535n);
  });

  it('parses IPv6 with ::', () => {
    const parsed = c('fd00:1::/32');
    expect(parsed.version).toBe(6);
    expect(parsed.end - parsed.start).toBe((1n << 96n) - 1n);
  });

  it.each([
    '10.1.0.0',
    '10.1.0.0/33',
    '300.1.0.0/16',
    '10.1/16',
    'fd00::1::/64',
    'not-a-cidr',
  ])('refuses %s', text => expect(parseCidr(text)).toBeUndefined());
});

describe('parseCidrList', () => {
  it('splits comma and space separated lists and keeps invalid entries apart', () => {
    const { valid, invalid } = parseCidrList('10.1.0.0/16, 10.2.0.0/16 bogus');
    expect(valid.map(v => v.cidr)).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    expect(invalid).toEqual(['bogus']);
  });
});

describe('isPrivateCidr', () => {
  it.each([
    ['10.20.0.0/16', true],
    ['172.20.0.0/16', true],
    ['192.168.10.0/24', true],
    ['fd12:3456::/48', true],
    ['8.8.8.0/24', false],
    ['172.32.0.0/16', false],
    ['2001:db8::/32', false],
  ])('%s → %s', (cidr, expected) =>
    expect(isPrivateCidr(c(cidr))).toBe(expected),
  );
});

describe('findOverlaps', () => {
  it('finds a subnet inside another cluster’s network and ignores disjoint ones', () => {
    const overlaps = findOverlaps([
      { id: 'eu/prod-1', cidrs: [c('10.10.0.0/16')] },
      { id: 'us/prod-2', cidrs: [c('10.10.128.0/20')] },
      { id: 'us/prod-1', cidrs: [c('10.11.0.0/16')] },
    ]);
    expect(overlaps).toEqual([
      {
        a: 'eu/prod-1',
        b: 'us/prod-2',
        aCidr: '10.10.0.0/16',
        bCidr: '10.10.128.0/20',
      },
    ]);
  });

  it('ignores a cluster overlapping itself and IPv4 vs IPv6', () => {
    expect(
      findOverlaps([
        { id: 'a', cidrs: [c('10.0.0.0/8'), c('10.1.0.0/16')] },
        { id: 'b', cidrs: [c('fd00::/8')] },
      ]),
    ).toEqual([]);
  });

  it('reports every pair when three clusters share a range', () => {
    const overlaps = findOverlaps([
      { id: 'a', cidrs: [c('10.0.0.0/16')] },
      { id: 'b', cidrs: [c('10.0.1.0/24')] },
      { id: 'c', cidrs: [c('10.0.2.0/24')] },
    ]);
    expect(overlaps.map(o => [o.a, o.b].sort().join('-')).sort()).toEqual([
      'a-b',
      'a-c',
    ]);
  });
});
