/**
 * Kubernetes label selector parsing and matching (the grammar of k8s.io/apimachinery labels.Parse):
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`, joined by commas.
 */

export type Requirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type Selector = Requirement[];

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 316) {
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}"`,
    );
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw new SelectorError(
      `unable to parse requirement: invalid label value: "${value}"`,
    );
  }
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new SelectorError(`found ')', expected: identifier`);
    if (ch === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (depth !== 0) throw new SelectorError(`found '', expected: ')'`);
  terms.push(cur);
  return terms;
}

export function parseSelector(text: string | undefined | null): Selector {
  if (text === undefined || text === null || text.trim() === '') return [];
  return splitTerms(text).map(parseTerm);
}

function parseTerm(raw: string): Requirement {
  const term = raw.trim();
  if (term === '')
    throw new SelectorError(
      "found '', expected: !, identifier, or 'end of string'",
    );
  if (term.startsWith('!'))
    return { key: checkKey(term.slice(1).trim()), op: 'notexists' };
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const values = set[3].split(',').map(v => checkValue(v.trim()));
    return { key: checkKey(set[1]), op: set[2] as 'in' | 'notin', values };
  }
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(term);
  if (cmp) {
    const key = checkKey(cmp[1]);
    const value = cmp[3].trim();
    if (cmp[2] === '>' || cmp[2] === '<') {
      if (!/^-?\d+$/.test(value)) {
        throw new SelectorError(
          `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return { key, op: cmp[2] === '>' ? 'gt' : 'lt', value: Number(value) };
    }
    return {
      key,
      op: cmp[2] === '!=' ? 'notin' : 'in',
      values: [checkValue(value)],
    };
  }
  if (/\s/.test(term))
    throw new SelectorError(`unable to parse requirement: "${term}"`);
  return { key: checkKey(term), op: 'exists' };
}

export function matches(
  selector: Selector,
  labels: Record<string, string> | undefined | null,
): boolean {
  const l = labels ?? {};
  return selector.every(req => {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const v = l[req.key];
    switch (req.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && req.values.includes(v);
      case 'notin':
        return !has || !req.values.includes(v);
      case 'gt':
        return has && /^-?\d+$/.test(v) && Number(v) > req.value;
      case 'lt':
        return has && /^-?\d+$/.test(v) && Number(v) < req.value;
      default:
        return false;
    }
  });
}
