/**
 * The part of GitHub's GraphQL API (POST /graphql, or /api/graphql on GitHub Enterprise) that octokit clients of the
 * simulated GitHub use, on graphql-js: the schema (schema.ts), resolvers over the simulated repositories
 * (resolvers.ts) and errors in GitHub's shape (errors.ts). Answers are HTTP 200 with `{ data, errors }` as GitHub's;
 * a body that is not JSON is a 400.
 */
import {
  DocumentNode,
  ExecutionResult,
  GraphQLError,
  execute,
  getOperationAST,
  parse,
  validate,
} from 'graphql';
import { Reply, SimRequest, json } from '../../http';
import { GitHost } from '../repos';
import { GithubGraphqlError, githubGraphqlError, parseError } from './errors';
import { githubRoot } from './resolvers';
import { githubSchema } from './schema';

type Json = Record<string, unknown>;

/** The answer to a request that names no single query to run, or names a mutation or subscription. */
function operationProblem(
  document: DocumentNode,
  operationName: string | undefined,
): string | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return operationName
      ? `Unknown operation named '${operationName}'.`
      : 'An operation name is required when the document has several operations';
  }
  if (operation.operation !== 'query')
    return `The simulated GitHub serves no ${operation.operation}s`;
  return undefined;
}

/** Parses, checks and runs a query document against the simulated repositories. */
function run(
  git: GitHost,
  login: string,
  source: string,
  variableValues: Json,
  operationName: string | undefined,
): { data?: unknown; errors?: GithubGraphqlError[] } {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    return { errors: [parseError(e)] };
  }
  const problem = operationProblem(document, operationName);
  if (problem) return { data: null, errors: [{ message: problem }] };
  const invalid = validate(githubSchema, document);
  if (invalid.length > 0) return { errors: invalid.map(githubGraphqlError) };
  // Every resolver is synchronous: execute answers at once, never with a promise.
  const result = execute({
    schema: githubSchema,
    document,
    rootValue: githubRoot(git, login),
    variableValues,
    operationName,
  }) as ExecutionResult;
  return {
    // No data when execution could not start (variables that do not fit their types).
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors ? { errors: result.errors.map(githubGraphqlError) } : {}),
  };
}

/** POST /graphql: { query, variables?, operationName? } → { data, errors? } (HTTP 200 as GitHub answers). */
export function handleGraphql(
  git: GitHost,
  login: string,
  req: SimRequest,
): Reply {
  let body: Json;
  try {
    body = JSON.parse(req.body ?? '') as Json;
  } catch {
    return json(400, {
      message: 'Problems parsing JSON',
      documentation_url: 'https://docs.github.com/graphql',
    });
  }
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof body.query !== 'string'
  )
    return json(200, {
      errors: [
        {
          message: 'A query attribute must be specified and must be a string.',
        },
      ],
    });
  const variables =
    body.variables && typeof body.variables === 'object'
      ? (body.variables as Json)
      : {};
  const operationName =
    typeof body.operationName === 'string' ? body.operationName : undefined;
  return json(200, run(git, login, body.query, variables, operationName));
}
