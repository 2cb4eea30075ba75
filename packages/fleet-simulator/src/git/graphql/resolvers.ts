/**
 * The root value of the GraphQL schema (schema.ts) over the simulated repositories: plain objects whose fields
 * are values, or functions of the field's arguments (graphql-js's default resolver calls them).
 */
import { nodeId, repositoryHtmlUrl } from '../ids';
import { GitHost, PullRequest, Repository } from '../repos';
import { NotFoundFieldError } from './errors';

type PullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';

/** The arguments of a pull request connection. */
interface PullRequestsArgs {
  states?: PullRequestState[] | null;
  first?: number | null;
}

function pullRequestState(p: PullRequest): PullRequestState {
  if (p.merged) return 'MERGED';
  return p.state === 'open' ? 'OPEN' : 'CLOSED';
}

/** The page of a connection: the first `first` items (all without), counted in full. */
function connection<T, N>(
  items: T[],
  first: number | null | undefined,
  node: (item: T) => N,
) {
  const page =
    typeof first === 'number' ? items.slice(0, Math.max(0, first)) : items;
  return {
    totalCount: items.length,
    nodes: page.map(node),
    edges: page.map(item => ({ node: node(item) })),
  };
}

/** The resolvers of one host, as the user `login` sees it. */
export function githubRoot(git: GitHost, login: string) {
  const pullRequest = (repo: Repository, p: PullRequest) => ({
    id: nodeId('PullRequest', `${repo.id}:${p.number}`),
    number: p.number,
    url: `${repositoryHtmlUrl(git.host, repo)}/pull/${p.number}`,
    state: pullRequestState(p),
    headRefName: p.head,
    merged: p.merged,
  });

  /** A repository's pull requests matching the arguments and `where`, in number order. */
  const pullRequests = (
    repo: Repository,
    args: PullRequestsArgs,
    where: (p: PullRequest) => boolean,
  ) =>
    connection(
      repo.pulls
        .filter(
          p =>
            where(p) &&
            (!args.states || args.states.includes(pullRequestState(p))),
        )
        .sort((x, y) => x.number - y.number),
      args.first,
      p => pullRequest(repo, p),
    );

  const ref = (repo: Repository, branch: string) => ({
    name: branch,
    target: () => ({
      __typename: 'Commit',
      oid: repo.branches.get(branch),
    }),
    associatedPullRequests: (args: PullRequestsArgs) =>
      pullRequests(repo, args, p => p.head === branch),
  });

  const repository = (repo: Repository) => ({
    id: nodeId('Repository', repo.id),
    nameWithOwner: `${repo.owner}/${repo.name}`,
    defaultBranchRef: () => ref(repo, repo.defaultBranch),
    ref: ({ qualifiedName }: { qualifiedName: string }) => {
      // Fully qualified first (refs/heads/x), then the short name (x), as GitHub does.
      const branch = qualifiedName.startsWith('refs/heads/')
        ? qualifiedName.slice('refs/heads/'.length)
        : qualifiedName;
      return repo.branches.has(branch) ? ref(repo, branch) : null;
    },
    pullRequests: (args: PullRequestsArgs) =>
      pullRequests(repo, args, () => true),
  });

  return {
    viewer: () => ({ login }),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = git.get(owner, name);
      if (!repo)
        throw new NotFoundFieldError(
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      return repository(repo);
    },
  };
}
