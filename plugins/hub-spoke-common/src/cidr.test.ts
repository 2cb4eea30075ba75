import {
  cidrContains,
  cidrsOverlap,
  findOverlaps,
  formatIpAddress,
  isPrivateCidr,
  parseCidr,
  parseCidrList,
  privateRangeOf,
} from './cidr';

const c = (text: string) => parseCidr(text)!;

describe('parseCidr', () => {
  it('parses IPv4 and masks host bits', () => {
    const parsed = c('10.1.2.3/16');
    expect(parsed.family).toBe(4);
    expect(parsed.start).toBe(c('10.1.0.0/16').start);
    expect(parsed.end - parsed.start).toBe(65535n);
  });

  it('parses IPv6 with ::', () => {
    const parsed = c('fd00:1::/32');
    expect(parsed.family).toBe(6);
    expect(parsed.end - parsed.start).toBe((1n << 96n) - 1n);
  });

  it('parses IPv4 and IPv6 to canonical text, flagging host bits and keeping the text as given', () => {
    expect(parseCidr('10.14.0.0/16')).toEqual(
      expect.objectContaining({
        family: 4,
        prefix: 16,
        text: '10.14.0.0/16',
        input: '10.14.0.0/16',
        hostBits: false,
      }),
    );
    expect(parseCidr(' 10.14.3.7/16 ')).toMatchObject({
      text: '10.14.0.0/16',
      input: '10.14.3.7/16',
      hostBits: true,
    });
    expect(parseCidr('FD00:0014:0000::/48')).toMatchObject({
      family: 6,
      text: 'fd00:14::/48',
      hostBits: false,
    });
    expect(parseCidr('fd00::1.2.3.4/128')?.text).toBe('fd00::102:304/128');
    expect(parseCidr('::/0')?.text).toBe('::/0');
    expect(parseCidr('0.0.0.0/0')).toMatchObject({
      start: 0n,
      end: 0xffffffffn,
    });
  });

  it.each([
    '10.1.0.0',
    '10.14.0.0',
    '10.1.0.0/33',
    '10.14.0.0/33',
    '300.1.0.0/16',
    '10.1/16',
    '010.1.0.0/16',
    '10.1.0.0/016',
    'fd00::/129',
    'fd00::1::/64',
    'fd00:::1/64',
    '1:2:3:4:5:6:7:8:9/64',
    'fe80::1%eth0/64',
    'fd00::01.2.3.4/128',
    '1.2.3.4::/64',
    'x/8',
    'not-a-cidr',
  ])('refuses %s', text => expect(parseCidr(text)).toBeUndefined());
});

describe('formatIpAddress', () => {
  it('writes IPv4 dotted and IPv6 as RFC 5952', () => {
    expect(formatIpAddress(4, 0x0a140000n)).toBe('10.20.0.0');
    expect(formatIpAddress(6, c('fd00:0:0:1::/64').start)).toBe('fd00:0:0:1::');
    expect(formatIpAddress(6, 0n)).toBe('::');
  });
});

describe('parseCidrList', () => {
  it('splits comma and space separated lists and keeps invalid entries apart', () => {
    const { valid, invalid } = parseCidrList('10.1.0.0/16, 10.2.0.0/16 bogus');
    expect(valid.map(v => v.input)).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    expect(invalid).toEqual(['bogus']);
  });

  it('has nothing for an absent or blank value', () => {
    expect(parseCidrList(undefined)).toEqual({ valid: [], invalid: [] });
    expect(parseCidrList(' , ')).toEqual({ valid: [], invalid: [] });
  });
});

describe('private ranges', () => {
  it.each([
    ['10.20.0.0/16', true],
    ['172.20.0.0/16', true],
    ['192.168.10.0/24', true],
    ['fd12:3456::/48', true],
    ['8.8.8.0/24', false],
    ['172.32.0.0/16', false],
    ['2001:db8::/32', false],
  ])('isPrivateCidr(%s) → %s', (cidr, expected) =>
    expect(isPrivateCidr(c(cidr))).toBe(expected),
  );

  it('knows the private ranges (RFC 1918, fc00::/7) and nothing else', () => {
    const priv = (t: string) => privateRangeOf(c(t))?.text;
    expect(priv('10.255.0.0/16')).toBe('10.0.0.0/8');
    expect(priv('172.31.0.0/16')).toBe('172.16.0.0/12');
    expect(priv('172.32.0.0/16')).toBeUndefined();
    expect(priv('192.168.10.0/24')).toBe('192.168.0.0/16');
    expect(priv('fdab:1::/32')).toBe('fc00::/7');
    expect(priv('100.64.0.0/10')).toBeUndefined();
    expect(priv('2001:db8::/32')).toBeUndefined();
    expect(priv('10.0.0.0/7')).toBeUndefined();
  });
});

describe('cidrsOverlap and cidrContains', () => {
  it('finds overlaps in both directions and never across families', () => {
    expect(cidrsOverlap(c('10.12.0.0/16'), c('10.12.128.0/17'))).toBe(true);
    expect(cidrsOverlap(c('10.12.128.0/17'), c('10.12.0.0/16'))).toBe(true);
    expect(cidrsOverlap(c('10.12.0.0/17'), c('10.12.128.0/17'))).toBe(false);
    expect(cidrsOverlap(c('fd00:22::/48'), c('fd00:22:0:1::/64'))).toBe(true);
    expect(cidrsOverlap(c('0.0.0.0/0'), c('::/0'))).toBe(false);
    expect(cidrContains(c('10.0.0.0/8'), c('10.1.0.0/16'))).toBe(true);
    expect(cidrContains(c('10.1.0.0/16'), c('10.0.0.0/8'))).toBe(false);
  });

  it('compares the networks, not the addresses given (host bits ignored)', () => {
    expect(cidrsOverlap(c('10.20.3.4/16'), c('10.20.200.0/24'))).toBe(true);
    expect(cidrsOverlap(c('10.20.0.0/16'), c('10.21.0.0/16'))).toBe(false);
    expect(cidrsOverlap(c('10.0.0.0/0'), c('192.168.1.0/24'))).toBe(true);
  });
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

  it('reports the CIDRs as written', () => {
    expect(
      findOverlaps([
        { id: 'a', cidrs: [c('10.10.1.2/16')] },
        { id: 'b', cidrs: [c('FD00::/8'), c('10.10.0.0/24')] },
        { id: 'c', cidrs: [c('fd00:1::/32')] },
      ]),
    ).toEqual([
      { a: 'a', b: 'b', aCidr: '10.10.1.2/16', bCidr: '10.10.0.0/24' },
      { a: 'b', b: 'c', aCidr: 'FD00::/8', bCidr: 'fd00:1::/32' },
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

  it('agrees with comparing every pair', () => {
    const owners = Array.from({ length: 60 }, (_, i) => ({
      id: `c${i}`,
      cidrs: [c(`10.${(i * 7) % 23}.${(i * 13) % 5}.0/${16 + (i % 9)}`)],
    }));
    const pairs = new Set<string>();
    for (let i = 0; i < owners.length; i++)
      for (let j = i + 1; j < owners.length; j++)
        if (cidrsOverlap(owners[i].cidrs[0], owners[j].cidrs[0]))
          pairs.add([owners[i].id, owners[j].id].sort().join('-'));
    const swept = findOverlaps(owners).map(o => [o.a, o.b].sort().join('-'));
    expect(new Set(swept)).toEqual(pairs);
    expect(swept).toHaveLength(pairs.size);
  });
});
