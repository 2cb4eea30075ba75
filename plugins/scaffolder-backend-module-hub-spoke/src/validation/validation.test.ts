import { contains, overlaps, parseCidr, privateRangeOf } from './cidr';
import {
  dns1123LabelProblem,
  domainProblem,
  labelKeyProblem,
  labelValueProblem,
} from './names';
import { findCredentials } from './tokens';

describe('CIDRs', () => {
  it('parses IPv4 and IPv6 to canonical text, flagging host bits', () => {
    expect(parseCidr('10.14.0.0/16')).toEqual({
      cidr: expect.objectContaining({
        family: 4,
        prefix: 16,
        text: '10.14.0.0/16',
      }),
      hostBits: false,
    });
    expect(parseCidr('10.14.3.7/16')).toMatchObject({
      cidr: { text: '10.14.0.0/16' },
      hostBits: true,
    });
    expect(parseCidr('FD00:0014:0000::/48')).toMatchObject({
      cidr: { family: 6, text: 'fd00:14::/48' },
      hostBits: false,
    });
    expect(parseCidr('fd00::1.2.3.4/128')?.cidr.text).toBe('fd00::102:304/128');
    expect(parseCidr('::/0')?.cidr.text).toBe('::/0');
    for (const bad of [
      '10.14.0.0',
      '10.14.0.0/33',
      '010.1.0.0/16',
      '10.1.0.0/016',
      'fd00::/129',
      'fd00:::1/64',
      '1:2:3:4:5:6:7:8:9/64',
      'x/8',
    ]) {
      expect({ bad, parsed: parseCidr(bad) }).toEqual({
        bad,
        parsed: undefined,
      });
    }
  });

  it('knows the private ranges (RFC 1918, fc00::/7) and nothing else', () => {
    const priv = (t: string) => privateRangeOf(parseCidr(t)!.cidr)?.text;
    expect(priv('10.255.0.0/16')).toBe('10.0.0.0/8');
    expect(priv('172.31.0.0/16')).toBe('172.16.0.0/12');
    expect(priv('172.32.0.0/16')).toBeUndefined();
    expect(priv('192.168.10.0/24')).toBe('192.168.0.0/16');
    expect(priv('fdab:1::/32')).toBe('fc00::/7');
    expect(priv('100.64.0.0/10')).toBeUndefined();
    expect(priv('2001:db8::/32')).toBeUndefined();
    expect(priv('10.0.0.0/7')).toBeUndefined();
  });

  it('finds overlaps in both directions and never across families', () => {
    const c = (t: string) => parseCidr(t)!.cidr;
    expect(overlaps(c('10.12.0.0/16'), c('10.12.128.0/17'))).toBe(true);
    expect(overlaps(c('10.12.128.0/17'), c('10.12.0.0/16'))).toBe(true);
    expect(overlaps(c('10.12.0.0/17'), c('10.12.128.0/17'))).toBe(false);
    expect(overlaps(c('fd00:22::/48'), c('fd00:22:0:1::/64'))).toBe(true);
    expect(overlaps(c('0.0.0.0/0'), c('::/0'))).toBe(false);
    expect(contains(c('10.0.0.0/8'), c('10.1.0.0/16'))).toBe(true);
    expect(contains(c('10.1.0.0/16'), c('10.0.0.0/8'))).toBe(false);
  });
});

describe('names', () => {
  it('checks DNS-1123 labels, domains and Kubernetes labels as the API server does', () => {
    expect(dns1123LabelProblem('aks-eu-prod-3')).toBeUndefined();
    expect(dns1123LabelProblem('a'.repeat(63))).toBeUndefined();
    expect(dns1123LabelProblem('a'.repeat(64))).toMatch(/at most 63/);
    expect(dns1123LabelProblem('Aks')).toMatch(/lowercase/);
    expect(domainProblem('apps.aks.example.com')).toBeUndefined();
    expect(domainProblem('localhost')).toMatch(/at least two labels/);
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(labelKeyProblem('Example.com/x')).toMatch(/prefix/);
    expect(labelKeyProblem('x'.repeat(64))).toMatch(/at most 63/);
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('v1.2_3-a')).toBeUndefined();
    expect(labelValueProblem('-x')).toMatch(/start and end/);
  });
});

describe('credentials in inputs', () => {
  it('finds credential fields, credential-looking values and known secrets, by path', () => {
    expect(
      findCredentials(
        {
          auth: {
            type: 'bearerToken',
            bearerToken: 'x',
            secretStore: { name: 'vault' },
          },
          env: {
            GITHUB_TOKEN: 'y',
            AZURE_FEDERATED_TOKEN_FILE: '/var/run/token',
            EMPTY_TOKEN: '',
          },
          list: [
            '-----BEGIN RSA PRIVATE KEY-----\nabc',
            'ghp_abcdefghijklmnopqrstuvwxyz0123',
          ],
          note: 'prefix-supersecretvalue',
        },
        ['supersecretvalue', 'short'],
      ),
    ).toEqual([
      'auth.bearerToken',
      'env.GITHUB_TOKEN',
      'list[0]',
      'list[1]',
      'note',
    ]);
    expect(
      findCredentials({ name: 'aks', labels: { tokenizer: 'on' } }),
    ).toEqual([]);
  });
});
