import { InputError } from '@backstage/errors';
import { decodeCaData } from './decodeCaData';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

describe('decodeCaData', () => {
  it('takes PEM text as it is, trimmed', () => {
    expect(decodeCaData(`\n${PEM}\n`, 'x.caData')).toBe(PEM);
  });

  it('decodes base64-encoded PEM', () => {
    expect(decodeCaData(Buffer.from(PEM).toString('base64'), 'x.caData')).toBe(
      PEM,
    );
  });

  it('refuses anything else with an InputError naming the key', () => {
    expect(() =>
      decodeCaData('bm90IGEgY2VydA==', 'hubSpoke.hubs[0].argocd.caData'),
    ).toThrow(
      new InputError(
        'hubSpoke.hubs[0].argocd.caData is neither PEM nor base64-encoded PEM',
      ),
    );
  });
});
