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

/** Names such as AWS_SECRET_ACCESS_KEY, DB_PASSWORD, API-TOKEN (an exec plugin's environment, most often). */
const CREDENTIAL_NAME_SUFFIX = /[_-](secret|key|token|password|passwd)$/i;

function keyLooksLikeCredential(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return (
    CREDENTIAL_KEYS.has(k) ||
    k.endsWith('token') ||
    k.endsWith('password') ||
    CREDENTIAL_NAME_SUFFIX.test(key)
  );
}

/**
 * Whether a value is a URL with credentials in it: any user info of an http(s) URL (`https://user:token@host/…`, or a
 * token alone as the user, which Git hosts accept), a password of any other scheme (`ssh://git@host` is fine).
 */
function urlHasCredentials(value: string): boolean {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)@/i.exec(value.trim());
  if (!m) return false;
  return /^https?$/i.test(m[1]) || m[2].includes(':');
}

/**
 * Paths (e.g. `auth.token`) in `input` that hold a credential: a credential-named key with a non-empty value (`token`,
 * `password`, names ending in _SECRET, _KEY, _TOKEN or _PASSWORD…), a value that looks like a credential (a JWT, a
 * private key, a well-known token format, a URL with user info), or a value holding one of `knownSecrets`.
 */
export function findCredentials(
  input: unknown,
  knownSecrets: ReadonlyArray<unknown> = [],
): string[] {
  // Task secrets are not all strings: a task started with a static external-access token has no backstageToken.
  const secrets = knownSecrets.filter(
    (s): s is string => typeof s === 'string' && s.length >= 8,
  );
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (
        CREDENTIAL_VALUES.some(re => re.test(value.trim())) ||
        urlHasCredentials(value) ||
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
