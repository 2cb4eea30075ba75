import { InputError } from '@backstage/errors';

type Requirement =
  | { op: '='; key: string; value: string }
  | { op: '!='; key: string; value: string }
  | { op: 'in'; key: string; values: string[] }
  | { op: 'notin'; key: string; values: string[] }
  | { op: 'exists'; key: string }
  | { op: '!exists'; key: string };

/** A parsed Kubernetes label selector. @public */
export type LabelSelector = (labels: Record<string, string>) => boolean;

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^)]*)\)$`);
const EQ = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const EXISTS = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(t => t.length > 0);
}

function parseTerm(term: string): Requirement {
  let m = SET.exec(term);
  if (m) {
    const values = m[3]
      .split(',')
      .map(v => v.trim())
      .filter(v => v.length > 0);
    return { op: m[2] as 'in' | 'notin', key: m[1], values };
  }
  m = EQ.exec(term);
  if (m) {
    return m[2] === '!='
      ? { op: '!=', key: m[1], value: m[3] }
      : { op: '=', key: m[1], value: m[3] };
  }
  m = EXISTS.exec(term);
  if (m) return { op: m[1] ? '!exists' : 'exists', key: m[2] };
  throw new InputError(`Invalid label selector term "${term}"`);
}

/**
 * Parses a Kubernetes label selector (`k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by
 * commas). Throws InputError on a malformed selector; an empty selector matches nothing.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const requirements = splitTerms(selector).map(parseTerm);
  if (requirements.length === 0) return () => false;
  return labels =>
    requirements.every(r => {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      const value = labels[r.key];
      switch (r.op) {
        case '=':
          return has && value === r.value;
        case '!=':
          return !has || value !== r.value;
        case 'in':
          return has && r.values.includes(value);
        case 'notin':
          return !has || !r.values.includes(value);
        case 'exists':
          return has;
        case '!exists':
          return !has;
        default:
          return false;
      }
    });
}
