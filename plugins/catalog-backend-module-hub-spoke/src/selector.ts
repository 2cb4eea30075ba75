/**
 * The `argocd/app-selector` annotation as the catalog reads it: a Kubernetes label selector (parsed and matched by
 * @hub-spoke/plugin-hub-spoke-common) where a blank annotation picks no application rather than all of them.
 */
import { InputError } from '@backstage/errors';
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from '@hub-spoke/plugin-hub-spoke-common';

/**
 * A predicate on an Argo CD Application's labels: whether the Component annotated with `annotation` picks it.
 * Throws InputError for a malformed selector.
 */
export function appSelectorMatcher(
  annotation: string,
): (labels: Record<string, string>) => boolean {
  let selector;
  try {
    selector = parseLabelSelector(annotation);
  } catch (error) {
    if (error instanceof LabelSelectorError) {
      // The message already says it all; a cause would repeat it.
      throw new InputError(error.message);
    }
    throw error;
  }
  if (selector.length === 0) return () => false;
  return labels => matchesLabelSelector(selector, labels);
}
