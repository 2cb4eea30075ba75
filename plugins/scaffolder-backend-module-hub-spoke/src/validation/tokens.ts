/**
 * Finds credentials where they must not be: in an action's input (which the scaffolder stores with the task and shows
 * in logs). Tokens go in the task secrets.
 */

/** Keys that name a credential (compared lowercased, without "-" and "_"). */
const CREDENTIAL_KEYS = new Set([
  'token',
  'bearertoken',
  'accesstoken',
  'apitoken',
  'authtoken',
  'idtoken',
  'refreshtoken',
  'spoketoken',
  'serviceaccounttoken',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'apikey',
  'privatekey',
  'keydata',
]);

/** Values that are credentials whatever their key: JWTs, private keys, well-known token formats. */
const CREDENTIAL_VALUES: RegExp[] = [
  /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/, // a JWT (service account tokens are JWTs)
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^(ghp|gho|ghs|ghu)_[A-Za-z0-9]{20,}$/,
  /^github_pat_[A-Za-z0-9_]{20,}$/,
  /^glpat-[A-Za-z0-9_-]{20,}$/,
];

function keyLooksLikeCredential(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return (
    CREDENTIAL_KEYS.has(k) || k.endsWith('token') || k.endsWith('password')
  );
}

/**
 * Paths (e.g. `auth.token`) in `input` that hold a credential: a credential-named key with a non-empty value, a value
 * that looks like a credential, or a value equal to one of `knownSecrets`.
 */
export function findCredentials(
  input: unknown,
  knownSecrets: string[] = [],
): string[] {
  const secrets = knownSecrets.filter(s => s.length >= 8);
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (
        CREDENTIAL_VALUES.some(re => re.test(value.trim())) ||
        secrets.some(s => value.includes(s))
      ) {
        found.push(path || '(input)');
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        const filled = v !== undefined && v !== null && v !== '';
        if (filled && keyLooksLikeCredential(k)) found.push(p);
        else walk(v, p);
      }
    }
  };
  walk(input, '');
  return found;
}
