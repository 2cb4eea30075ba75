import { InputError } from '@backstage/errors';

/**
 * Reads a CA given as PEM text or as base64-encoded PEM (kubeconfig style) and returns PEM text. Throws an
 * InputError naming `where` (the config key) when it is neither.
 *
 * @public
 */
export function decodeCaData(caData: string, where: string): string {
  const trimmed = caData.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return trimmed;
  }
  const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
  if (!decoded.includes('-----BEGIN')) {
    throw new InputError(`${where} is neither PEM nor base64-encoded PEM`);
  }
  return decoded;
}
