import {
  domainCovers,
  execFormMatches,
  hostMatches,
  normalizeRepoUrl,
  repoUrlMatches,
} from './match';

describe('repository URL patterns', () => {
  it('normalizes as Argo CD compares: case, trailing slashes and .git', () => {
    expect(normalizeRepoUrl(' https://GitHub.com/Acme/Shop.git/ ')).toBe(
      'https://github.com/acme/shop',
    );
  });

  it('* matches within one path segment, ** across segments', () => {
    const one = 'https://github.com/acme/*';
    expect(repoUrlMatches(one, 'https://github.com/acme/shop')).toBe(true);
    expect(repoUrlMatches(one, 'https://github.com/Acme/shop.git')).toBe(true);
    expect(repoUrlMatches(one, 'https://github.com/acme/shop/sub')).toBe(false);
    expect(repoUrlMatches(one, 'https://github.com/acme')).toBe(false);
    expect(repoUrlMatches(one, 'https://github.com/acme-evil/shop')).toBe(
      false,
    );
    expect(repoUrlMatches(one, 'https://github.com.evil.io/acme/shop')).toBe(
      false,
    );
    const deep = 'https://gitlab.example.com/platform/**';
    expect(
      repoUrlMatches(deep, 'https://gitlab.example.com/platform/a/b/c.git'),
    ).toBe(true);
    expect(repoUrlMatches(deep, 'https://gitlab.example.com/other/a')).toBe(
      false,
    );
  });

  it('matches exactly without wildcards, and treats regex characters literally', () => {
    expect(
      repoUrlMatches(
        'https://github.com/acme/gitops',
        'https://github.com/acme/gitops.git',
      ),
    ).toBe(true);
    expect(
      repoUrlMatches('https://github.com/a.b/x', 'https://github.com/aXb/x'),
    ).toBe(false);
    expect(
      repoUrlMatches('git@github.com:acme/*', 'git@github.com:acme/infra.git'),
    ).toBe(true);
  });
});

describe('host patterns (serverHosts)', () => {
  it('exact hosts, case and a trailing dot ignored', () => {
    expect(hostMatches('localhost', 'localhost')).toBe(true);
    expect(hostMatches('k8s.dc1.example.com', 'K8S.dc1.example.com.')).toBe(
      true,
    );
    expect(hostMatches('k8s.dc1.example.com', 'k8s.dc2.example.com')).toBe(
      false,
    );
  });

  it('wildcards cover names below the domain at any depth, not the domain itself', () => {
    expect(
      hostMatches(
        '*.azmk8s.io',
        'aks-eu-prod-3-dns-4f2a.hcp.westeurope.azmk8s.io',
      ),
    ).toBe(true);
    expect(
      hostMatches(
        '*.eks.amazonaws.com',
        '9c2f4a1b7e3d.gr7.us-east-1.eks.amazonaws.com',
      ),
    ).toBe(true);
    expect(hostMatches('*.azmk8s.io', 'azmk8s.io')).toBe(false);
    expect(hostMatches('*.azmk8s.io', 'azmk8s.io.evil.example')).toBe(false);
    expect(hostMatches('*.azmk8s.io', 'evilazmk8s.io')).toBe(false);
  });

  it('IP addresses and CIDRs, IPv4 and IPv6; names never match IP patterns nor IPs names', () => {
    expect(hostMatches('10.0.0.0/8', '10.20.30.40')).toBe(true);
    expect(hostMatches('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(hostMatches('fd00::/8', '[fd00::1]')).toBe(true);
    expect(hostMatches('fd00::/8', 'fd00.example.com')).toBe(false);
    expect(hostMatches('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(hostMatches('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(hostMatches('fd00::1', '[fd00:0::1]')).toBe(true);
    expect(hostMatches('*.example.com', '10.0.0.1')).toBe(false);
    expect(hostMatches('10.0.0.0/8', 'ten.example.com')).toBe(false);
  });
});

describe('domains (hubGatewayDomains)', () => {
  it('a domain covers itself and the names under it; a *. domain only the names under it', () => {
    expect(domainCovers('eu.example.com', 'eu.example.com')).toBe(true);
    expect(domainCovers('eu.example.com', 'shop.eu.example.com')).toBe(true);
    expect(domainCovers('eu.example.com', 'a.b.eu.example.com')).toBe(true);
    expect(domainCovers('eu.example.com', 'shop.example.com')).toBe(false);
    expect(domainCovers('eu.example.com', 'shopeu.example.com')).toBe(false);
    expect(domainCovers('*.eu.example.com', 'eu.example.com')).toBe(false);
    expect(domainCovers('*.eu.example.com', 'shop.eu.example.com')).toBe(true);
  });
});

describe('exec forms', () => {
  const aws = {
    command: 'argocd-k8s-auth',
    args: ['aws', '--cluster-name', '*', '--role-arn', '*'],
  };
  it('the command and the exact argument list, * standing for one value', () => {
    expect(
      execFormMatches(aws, 'argocd-k8s-auth', [
        'aws',
        '--cluster-name',
        'eks-1',
        '--role-arn',
        'arn:aws:iam::1:role/x',
      ]),
    ).toBe(true);
    expect(
      execFormMatches(aws, 'argocd-k8s-auth', ['aws', '--cluster-name', 'x']),
    ).toBe(false);
    expect(
      execFormMatches(aws, 'argocd-k8s-auth', [
        'aws',
        '--cluster-name',
        'x',
        '--role-arn',
        'y',
        '--profile',
      ]),
    ).toBe(false);
    expect(
      execFormMatches({ command: 'argocd-k8s-auth', args: ['gcp'] }, 'sh', [
        'gcp',
      ]),
    ).toBe(false);
  });

  it('a form without args allows the command without arguments only', () => {
    expect(execFormMatches({ command: 'kubelogin' }, 'kubelogin', [])).toBe(
      true,
    );
    expect(
      execFormMatches({ command: 'kubelogin' }, 'kubelogin', ['--server-id']),
    ).toBe(false);
  });
});
