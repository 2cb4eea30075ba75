/**
 * The part of GitHub's GraphQL schema the simulated GitHub serves: exactly the types and fields that
 * octokit-plugin-create-pull-request (Backstage's publish:github:pull-request) asks for before it pushes a branch,
 *
 *   repository(owner, name) { ref(qualifiedName: $head) { associatedPullRequests(first: 1, states: OPEN) {
 *     edges { node { id number url } } } } }
 *
 * and the lookups of its tests (viewer, default branch, a branch's pull requests, a repository's pull requests).
 * Names, argument types and nullability follow GitHub's public schema. Queries only: no mutations.
 */
import { GraphQLSchema, buildSchema } from 'graphql';

const SDL = /* GraphQL */ `
  type Query {
    "The currently authenticated user."
    viewer: User!
    "Lookup a given repository by the owner and repository name."
    repository(owner: String!, name: String!): Repository
  }

  type User {
    login: String!
  }

  type Repository {
    id: ID!
    nameWithOwner: String!
    defaultBranchRef: Ref
    "Fetch a given ref from the repository (refs/heads/x, or the short name x)."
    ref(qualifiedName: String!): Ref
    pullRequests(
      states: [PullRequestState!]
      first: Int
    ): PullRequestConnection!
  }

  type Ref {
    name: String!
    target: GitObject
    "Pull requests whose head is this branch."
    associatedPullRequests(
      states: [PullRequestState!]
      first: Int
    ): PullRequestConnection!
  }

  interface GitObject {
    oid: GitObjectID!
  }

  type Commit implements GitObject {
    oid: GitObjectID!
  }

  "A Git object id (40 hex digits)."
  scalar GitObjectID

  "An RFC 3986 URI."
  scalar URI

  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }

  type PullRequestConnection {
    edges: [PullRequestEdge]
    nodes: [PullRequest]
    totalCount: Int!
  }

  type PullRequestEdge {
    node: PullRequest
  }

  type PullRequest {
    id: ID!
    number: Int!
    url: URI!
    state: PullRequestState!
    headRefName: String!
    merged: Boolean!
  }
`;

/** The schema, built once: resolvers come with the root value (resolvers.ts). */
export const githubSchema: GraphQLSchema = buildSchema(SDL);
