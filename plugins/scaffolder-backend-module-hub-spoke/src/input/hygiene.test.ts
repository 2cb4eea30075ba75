import { InputError } from '@backstage/errors';
import { CA_DATA, CA_PEM } from '../__testUtils__/fixtures';
import {
  checkNoTemplateMarkers,
  checkRepoUrl,
  comparableServer,
  decodeCaData,
  findTemplateMarkers,
  normalizeServerUrl,
} from './hygiene';

/** The InputError message of `fn`, failing when it does not throw one. */
function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('template markers', () => {
  it('finds {{ and }} in any value or key, by path', () => {
    expect(
      findTemplateMarkers({
        server: 'https://{{ .token }}.example.com',
        labels: { note: 'x}}', '{{key}}': 'v' },
        auth: { args: ['ok', '{{ .token }}'] },
        fine: 'a { b } c',
        count: 3,
      }),
    ).toEqual(['server', 'labels.note', 'labels.{{key}}', 'auth.args[1]']);
  });

  it('refuses them naming the fields and saying why', () => {
    expect(
      inputError(() =>
        checkNoTemplateMarkers({ host: 'shop.{{ .token }}.example.com' }),
      ),
    ).toBe(
      'host holds "{{" or "}}": template markers are refused in every input, because the hub renders them (the ' +
        'ExternalSecret that builds a cluster Secret, the add-on ApplicationSets) and could copy a secret into a ' +
        'field Argo CD shows. Remove them',
    );
    expect(() => checkNoTemplateMarkers({ a: 'b', c: ['d'] })).not.toThrow();
  });
});

describe('server URLs', () => {
  it('stores the parsed URL: lowercase host, no default port, path without a trailing slash', () => {
    const n = (s: string) => normalizeServerUrl(new URL(s));
    expect(n('https://AKS-1.Example.com:443/')).toBe(
      'https://aks-1.example.com',
    );
    expect(n('https://k8s.example.com:6443')).toBe(
      'https://k8s.example.com:6443',
    );
    expect(n('https://rancher.example.com/k8s/clusters/c-abc/')).toBe(
      'https://rancher.example.com/k8s/clusters/c-abc',
    );
    expect(n('https://[FD00::1]:6443')).toBe('https://[fd00::1]:6443');
  });

  it('compares servers in that form, leaving what is not a URL as written', () => {
    expect(comparableServer('https://aks-1.example.com:443/')).toBe(
      comparableServer('https://AKS-1.example.com'),
    );
    expect(comparableServer(' not a url/ ')).toBe('not a url');
  });
});

describe('tls.caData', () => {
  it('accepts base64 of a PEM certificate as is, and encodes PEM', () => {
    expect(decodeCaData(CA_DATA)).toBe(CA_DATA);
    expect(
      decodeCaData(`  ${CA_DATA.slice(0, 40)}\n${CA_DATA.slice(40)} `),
    ).toBe(CA_DATA);
    expect(decodeCaData(CA_PEM)).toBe(CA_DATA);
    // A bundle of two certificates.
    const bundle = `${CA_PEM}${CA_PEM}`;
    expect(decodeCaData(Buffer.from(bundle).toString('base64'))).toBe(
      Buffer.from(bundle).toString('base64'),
    );
  });

  it('refuses text that is neither base64 nor PEM, without echoing it', () => {
    // Lenient base64 decoding would skip the braces and find the certificate.
    const smuggled = `${CA_DATA}{{ .token }}`;
    const message = inputError(() => decodeCaData(smuggled));
    expect(message).toBe(
      'tls.caData is not base64 nor PEM: it must be a PEM certificate, or base64 of one (kubeconfig ' +
        'certificate-authority-data)',
    );
    expect(message).not.toContain('token');
    expect(inputError(() => decodeCaData('garbage!'))).toMatch(
      /is not base64 nor PEM/,
    );
  });

  it('refuses base64 of something that is no certificate', () => {
    expect(
      inputError(() =>
        decodeCaData(Buffer.from('not a cert').toString('base64')),
      ),
    ).toBe(
      'tls.caData must be a PEM certificate, or base64 of one (kubeconfig certificate-authority-data)',
    );
  });

  it('refuses a PEM block that does not parse as X.509, and text beside the certificates', () => {
    const fake =
      '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUTestOnly\n-----END CERTIFICATE-----\n';
    expect(
      inputError(() => decodeCaData(Buffer.from(fake).toString('base64'))),
    ).toBe(
      'tls.caData must be a PEM certificate, or base64 of one (kubeconfig certificate-authority-data): ' +
        'certificate 1 of 1 is not a valid X.509 certificate',
    );
    expect(
      inputError(() =>
        decodeCaData(Buffer.from(`${CA_PEM}{{ .token }}\n`).toString('base64')),
      ),
    ).toMatch(/with nothing else beside the certificates$/);
    expect(
      inputError(() =>
        decodeCaData(
          `${CA_PEM}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----`,
        ),
      ),
    ).toMatch(/with nothing else beside the certificates$/);
  });
});

describe('repository URLs', () => {
  it('accepts https, ssh, git and scp-like URLs', () => {
    for (const url of [
      'https://github.com/acme/shop',
      'https://github.com/acme/shop.git',
      'ssh://git@github.com/acme/shop.git',
      'git@github.com:acme/shop.git',
      'http://gitea.internal:3000/acme/shop',
    ]) {
      expect(checkRepoUrl('source.repoURL', url)).toBe(url);
    }
  });

  it('refuses what a pattern could not judge: no URL, other schemes, queries, dot segments, encoded dots', () => {
    expect(inputError(() => checkRepoUrl('source.repoURL', 'shop'))).toBe(
      'source.repoURL "shop" is not a URL: give the repository\'s URL (e.g. https://github.com/acme/shop)',
    );
    expect(
      inputError(() => checkRepoUrl('source.repoURL', 'file:///etc/passwd')),
    ).toBe('source.repoURL must be an https, http, ssh or git URL (got file)');
    expect(
      inputError(() =>
        checkRepoUrl('gitops.repoURL', 'https://github.com/acme/x?ref=y'),
      ),
    ).toBe('gitops.repoURL must not have a query or fragment');
    for (const url of [
      'https://github.com/acme/../evil/x',
      'https://github.com/acme/%2e%2e',
      'git@github.com:acme/../evil',
    ]) {
      expect(inputError(() => checkRepoUrl('source.repoURL', url))).toMatch(
        /^source\.repoURL must not hold "\." or "\.\." segments/,
      );
    }
  });
});
