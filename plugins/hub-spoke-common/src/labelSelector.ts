/**
 * Kubernetes labels: the rules for keys and values (k8s.io/apimachinery validation) and label selectors (the grammar
 * of labels.Parse: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`, joined by commas,
 * spaces allowed around each part), parsed once into requirements and matched against an object's labels.
 * Pure; runs in the browser and in Node.
 */
import { DNS_LABEL_MAX_LENGTH, dns1123SubdomainProblem } from './dnsNames';

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Why `key` is not a Kubernetes label key (`[prefix/]name`: the prefix a DNS-1123 subdomain, the name at most 63 of
 * letters, digits, '-', '_' and '.', starting and ending with a letter or digit), or undefined when it is one.
 *
 * @public
 */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `prefix "${prefix}" ${problem}`;
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > DNS_LABEL_MAX_LENGTH) {
    return `name part must be at most ${DNS_LABEL_MAX_LENGTH} characters (is ${name.length})`;
  }
  if (!LABEL_NAME.test(name)) {
    return 'name part must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit';
  }
  return undefined;
}

/**
 * Why `value` is not a Kubernetes label value (empty, or at most 63 of letters, digits, '-', '_' and '.', starting and
 * ending with a letter or digit), or undefined when it is one.
 *
 * @public
 */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > DNS_LABEL_MAX_LENGTH) {
    return `must be at most ${DNS_LABEL_MAX_LENGTH} characters (is ${value.length})`;
  }
  if (!LABEL_NAME.test(value)) {
    return 'must consist of letters, digits, "-", "_" or ".", and start and end with a letter or digit';
  }
  return undefined;
}

/**
 * One requirement of a label selector. `k=v` and `k==v` parse to `in` with one value, `k!=v` to `notIn` with one
 * value, `k` to `exists`, `!k` to `notExists`, `k>1` and `k<1` to `gt` and `lt`.
 *
 * @public
 */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** A parsed label selector: every requirement must hold; none selects everything. @public */
export type LabelSelector = LabelRequirement[];

/** Thrown for a label selector that cannot be parsed; the message names the selector and what is wrong. @public */
export class LabelSelectorError extends Error {
  /** The selector as given. */
  readonly selector: string;
  /** What is wrong with it, e.g. `unbalanced parentheses`. */
  readonly reason: string;

  constructor(selector: string, reason: string) {
    super(`Invalid label selector "${selector}": ${reason}`);
    this.name = 'LabelSelectorError';
    this.selector = selector;
    this.reason = reason;
  }
}

/** Splits at commas that are not inside parentheses; each term trimmed. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0) {
      throw new LabelSelectorError(selector, 'unbalanced parentheses');
    }
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) {
    throw new LabelSelectorError(selector, 'unbalanced parentheses');
  }
  terms.push(current);
  return terms.map(t => t.trim());
}

function parseRequirement(selector: string, term: string): LabelRequirement {
  const key = (k: string) => {
    if (labelKeyProblem(k) !== undefined) {
      throw new LabelSelectorError(selector, `"${k}" is not a label key`);
    }
    return k;
  };
  const value = (v: string) => {
    if (labelValueProblem(v) !== undefined) {
      throw new LabelSelectorError(selector, `"${v}" is not a label value`);
    }
    return v;
  };
  if (term === '') {
    throw new LabelSelectorError(selector, 'empty requirement');
  }
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    return {
      key: key(set[1]),
      op: set[2] === 'in' ? 'in' : 'notIn',
      values: set[3].split(',').map(v => value(v.trim())),
    };
  }
  const comparison = /^([^=!<>]+?)\s*(==|=|!=|>|<)\s*(.*)$/.exec(term);
  if (comparison) {
    const k = key(comparison[1]);
    const v = comparison[3].trim();
    if (comparison[2] === '>' || comparison[2] === '<') {
      if (!/^-?\d+$/.test(v)) {
        throw new LabelSelectorError(
          selector,
          `"${v}" is not an integer (> and < compare integers)`,
        );
      }
      return { key: k, op: comparison[2] === '>' ? 'gt' : 'lt', value: +v };
    }
    return {
      key: k,
      op: comparison[2] === '!=' ? 'notIn' : 'in',
      values: [value(v)],
    };
  }
  if (term.startsWith('!')) {
    return { key: key(term.slice(1).trim()), op: 'notExists' };
  }
  return { key: key(term), op: 'exists' };
}

/**
 * Parses a Kubernetes label selector. An empty (or blank, or absent) selector has no requirements, so it selects
 * everything, as in Kubernetes. Throws {@link LabelSelectorError} for bad syntax, keys or values.
 *
 * @public
 */
export function parseLabelSelector(
  selector: string | null | undefined,
): LabelSelector {
  const text = selector ?? '';
  if (text.trim() === '') return [];
  return splitTerms(text).map(term => parseRequirement(text, term));
}

const INTEGER = /^-?\d+$/;

/**
 * Whether labels satisfy every requirement of a parsed selector. As in Kubernetes, `!=` and `notin` hold for objects
 * without the label, and `>`/`<` only for integer values.
 *
 * @public
 */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | null | undefined,
): boolean {
  const l = labels ?? {};
  return selector.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(l, requirement.key);
    const v = l[requirement.key];
    switch (requirement.op) {
      case 'exists':
        return has;
      case 'notExists':
        return !has;
      case 'in':
        return has && requirement.values.includes(v);
      case 'notIn':
        return !has || !requirement.values.includes(v);
      case 'gt':
        return has && INTEGER.test(v) && Number(v) > requirement.value;
      case 'lt':
        return has && INTEGER.test(v) && Number(v) < requirement.value;
      default:
        return false;
    }
  });
}

/**
 * Parses `selector` once and returns a predicate on labels. Throws {@link LabelSelectorError}.
 *
 * @public
 */
export function labelSelectorMatcher(
  selector: string,
): (labels: Record<string, string> | null | undefined) => boolean {
  const parsed = parseLabelSelector(selector);
  return labels => matchesLabelSelector(parsed, labels);
}
