/**
 * How the actions declare their inputs and outputs (zod, in createTemplateAction's key → (z => schema) form) and parse
 * them in the handler. The semantic rules (DNS names, private CIDRs, label syntax, https) are checked by the
 * validators so that their messages say what to fix; the schemas carry the structure and a description of every field.
 */
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

type Z = typeof z;

/** A map of field name → schema builder, as createTemplateAction takes it. */
export type Fields = Record<string, (zImpl: Z) => z.ZodTypeAny>;

/** The hub's Argo CD namespace: a field every action that talks to Argo CD takes. */
export const argocdNamespaceField = (zImpl: Z) =>
  zImpl
    .string({
      description: "Argo CD's namespace on the hub (default argocd)",
    })
    .optional();

/** One zod object of a field map, for parsing in the handler. */
export function objectOf<F extends Fields>(fields: F) {
  return z.object(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f(z)])) as {
      [K in keyof F]: ReturnType<F[K]>;
    },
  );
}

/** Parses an input, turning zod issues into one InputError that names every bad field. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  action: string,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    i => `${i.path.join('.') || '(input)'}: ${i.message}`,
  );
  throw new InputError(`Invalid input to ${action}: ${issues.join('; ')}`);
}
