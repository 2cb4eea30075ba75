/**
 * A small Kubernetes label selector matcher, for the `argocd/app-selector` annotation matched against
 * Argo CD Applications' labels in the browser. Supports `k=v` (`k==v`), `k!=v`, `k in (a,b)`, `k notin (a,b)`,
 * `k` and `!k`, joined by commas; all requirements must hold.
 */

export type LabelRequirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] };

const KEY =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;
const VALUE = /^([a-z0-9]([-a-z0-9_.]*[a-z0-9])?)?$/i;

/** Thrown for a selector that cannot be parsed. */
export class LabelSelectorError extends Error {
  constructor(selector: string, reason: string) {
    super(`Invalid label selector "${selector}": ${reason}`);
    this.name = 'LabelSelectorError';
  }
}

/** Splits at commas that are not inside parentheses. */
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

/** Parses a label selector; an empty selector has no requirements. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') {
    return [];
  }
  return splitTerms(selector).map(term => {
    const checkKey = (key: string) => {
      if (!KEY.test(key)) {
        throw new LabelSelectorError(selector, `"${key}" is not a label key`);
      }
      return key;
    };
    const checkValue = (value: string) => {
      if (!VALUE.test(value)) {
        throw new LabelSelectorError(
          selector,
          `"${value}" is not a label value`,
        );
      }
      return value;
    };
    if (term === '') {
      throw new LabelSelectorError(selector, 'empty requirement');
    }
    const set = term.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/);
    if (set) {
      const values = set[3].split(',').map(v => checkValue(v.trim()));
      return {
        key: checkKey(set[1]),
        op: set[2] === 'in' ? 'in' : 'notIn',
        values,
      };
    }
    const comparison = term.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (comparison) {
      return {
        key: checkKey(comparison[1]),
        op: comparison[2] === '!=' ? 'notIn' : 'in',
        values: [checkValue(comparison[3].trim())],
      };
    }
    if (term.startsWith('!')) {
      return { key: checkKey(term.slice(1).trim()), op: 'notExists' };
    }
    return { key: checkKey(term), op: 'exists' };
  });
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string>,
): boolean {
  return requirements.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    switch (requirement.op) {
      case 'exists':
        return has;
      case 'notExists':
        return !has;
      case 'in':
        return has && requirement.values.includes(labels[requirement.key]);
      case 'notIn':
        return !has || !requirement.values.includes(labels[requirement.key]);
      default:
        return false;
    }
  });
}

/** Parses `selector` and returns a predicate on labels. Throws {@link LabelSelectorError}. */
export function labelSelectorMatcher(
  selector: string,
): (labels: Record<string, string>) => boolean {
  const requirements = parseLabelSelector(selector);
  return labels => matchesLabels(requirements, labels);
}
