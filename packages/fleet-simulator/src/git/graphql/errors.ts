/**
 * GraphQL errors in GitHub's shape: `{ type?, path?, locations?, message }`, with GitHub's wording where a
 * client may read it (unknown fields, missing selections, undefined fragments, parse errors).
 */
import { GraphQLError } from 'graphql';

/** An error of GitHub's GraphQL API as it answers it. */
export interface GithubGraphqlError {
  type?: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  message: string;
}

/** A resolver's "no such object": GitHub answers it with `type: NOT_FOUND` and a null field. */
export class NotFoundFieldError extends Error {
  readonly type = 'NOT_FOUND';
}

/** graphql-js's validation messages, reworded as GitHub words them. */
const GITHUB_WORDING: Array<[RegExp, (...m: string[]) => string]> = [
  [
    /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    (field, type) => `Field '${field}' doesn't exist on type '${type}'`,
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    (field, type) =>
      `Field must have selections (field '${field}' returns ${type} but has no selections.)`,
  ],
  [
    /^Unknown fragment "([^"]+)"\./,
    name => `Fragment ${name} was used, but not defined`,
  ],
];

function githubMessage(message: string): string {
  for (const [pattern, reword] of GITHUB_WORDING) {
    const m = pattern.exec(message);
    if (m) return reword(...m.slice(1));
  }
  return message;
}

/** One graphql-js error (syntax, validation or a resolver's) in GitHub's shape. */
export function githubGraphqlError(e: GraphQLError): GithubGraphqlError {
  const type =
    e.originalError instanceof NotFoundFieldError
      ? e.originalError.type
      : undefined;
  return {
    ...(type ? { type } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
    message: githubMessage(e.message),
  };
}

/** A document that does not parse: "Parse error: …" as GitHub begins it. */
export function parseError(e: GraphQLError): GithubGraphqlError {
  return {
    ...(e.locations ? { locations: e.locations } : {}),
    message: `Parse error: ${e.message.replace(/^Syntax Error: /, '')}`,
  };
}
