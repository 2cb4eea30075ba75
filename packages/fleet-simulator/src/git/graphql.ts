/**
 * The part of GitHub's GraphQL API (POST /graphql, or /api/graphql on GitHub Enterprise) that octokit clients of the
 * simulated GitHub use. octokit-plugin-create-pull-request (Backstage's publish:github:pull-request) asks, before it
 * pushes the branch, whether the head branch exists and has an open pull request:
 *
 *   repository(owner, name) { ref(qualifiedName: $head) { associatedPullRequests(first: 1, states: OPEN) {
 *     edges { node { id number url } } } } }
 *
 * A small executor for query documents: fields with aliases and arguments, variables (with defaults), inline
 * fragments and named fragments, __typename, @include/@skip. Types served: Query { repository, viewer },
 * Repository, Ref, Commit, PullRequest, User and their connections (edges/nodes/totalCount/pageInfo). Unknown
 * fields are errors as GitHub reports them (HTTP 200, `errors`); mutations are not served.
 */
import { Reply, SimRequest, json } from '../http';
import { GitHost, PullRequest, Repository } from './repos';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------- parsing

type Value =
  | { kind: 'var'; name: string }
  | { kind: 'const'; value: unknown }
  | { kind: 'list'; items: Value[] }
  | { kind: 'object'; fields: Record<string, Value> };

interface Field {
  kind: 'field';
  alias?: string;
  name: string;
  args: Record<string, Value>;
  directives: Directive[];
  selections?: Selection[];
}
interface InlineFragment {
  kind: 'inline';
  on?: string;
  directives: Directive[];
  selections: Selection[];
}
interface Spread {
  kind: 'spread';
  name: string;
  directives: Directive[];
}
type Selection = Field | InlineFragment | Spread;
interface Directive {
  name: string;
  args: Record<string, Value>;
}
interface Operation {
  type: 'query' | 'mutation' | 'subscription';
  name?: string;
  variables: Array<{ name: string; defaultValue?: Value }>;
  selections: Selection[];
}
interface Document {
  operations: Operation[];
  fragments: Map<string, { on: string; selections: Selection[] }>;
}

export class GraphqlSyntaxError extends Error {}

type Token = { t: 'punct' | 'name' | 'string' | 'number'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/[\s,\uFEFF]/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n' && src[i] !== '\r') i++;
    } else if (src.startsWith('...', i)) {
      out.push({ t: 'punct', v: '...' });
      i += 3;
    } else if ('{}()[]:$!=@|&'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
    } else if (/[_A-Za-z]/.test(c)) {
      const m = /^[_A-Za-z][_0-9A-Za-z]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0] });
      i += m[0].length;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
        src.slice(i),
      );
      if (!m) throw new GraphqlSyntaxError(`unexpected character "${c}"`);
      out.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else if (src.startsWith('"""', i)) {
      const end = src.indexOf('"""', i + 3);
      if (end < 0) throw new GraphqlSyntaxError('unterminated block string');
      out.push({ t: 'string', v: src.slice(i + 3, end) });
      i = end + 3;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n')
          throw new GraphqlSyntaxError('unterminated string');
        if (src[j] === '\\') {
          const e = src[j + 1];
          if (e === 'u') {
            s += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          s +=
            ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Json)[e] ?? e;
          j += 2;
          continue;
        }
        s += src[j++];
      }
      if (j >= src.length) throw new GraphqlSyntaxError('unterminated string');
      out.push({ t: 'string', v: s });
      i = j + 1;
    } else {
      throw new GraphqlSyntaxError(`unexpected character "${c}"`);
    }
  }
  return out;
}

export function parseDocument(src: string): Document {
  const toks = tokenize(src);
  let p = 0;
  const peek = (v?: string) =>
    p < toks.length && (v === undefined || toks[p].v === v)
      ? toks[p]
      : undefined;
  const isPunct = (v: string) => toks[p]?.t === 'punct' && toks[p].v === v;
  const expect = (v: string) => {
    if (!isPunct(v))
      throw new GraphqlSyntaxError(
        `expected "${v}", found ${toks[p] ? `"${toks[p].v}"` : 'the end'}`,
      );
    p++;
  };
  const name = (): string => {
    const t = toks[p];
    if (!t || t.t !== 'name')
      throw new GraphqlSyntaxError(
        `expected a name, found ${t ? `"${t.v}"` : 'the end'}`,
      );
    p++;
    return t.v;
  };
  const value = (): Value => {
    const t = toks[p];
    if (!t) throw new GraphqlSyntaxError('expected a value');
    if (t.t === 'punct' && t.v === '$') {
      p++;
      return { kind: 'var', name: name() };
    }
    if (t.t === 'punct' && t.v === '[') {
      p++;
      const items: Value[] = [];
      while (!isPunct(']')) items.push(value());
      p++;
      return { kind: 'list', items };
    }
    if (t.t === 'punct' && t.v === '{') {
      p++;
      const fields: Record<string, Value> = {};
      while (!isPunct('}')) {
        const k = name();
        expect(':');
        fields[k] = value();
      }
      p++;
      return { kind: 'object', fields };
    }
    p++;
    if (t.t === 'string') return { kind: 'const', value: t.v };
    if (t.t === 'number') return { kind: 'const', value: Number(t.v) };
    if (t.t === 'name') {
      if (t.v === 'true') return { kind: 'const', value: true };
      if (t.v === 'false') return { kind: 'const', value: false };
      if (t.v === 'null') return { kind: 'const', value: null };
      return { kind: 'const', value: t.v }; // enum value
    }
    throw new GraphqlSyntaxError(`unexpected "${t.v}"`);
  };
  const args = (): Record<string, Value> => {
    const out: Record<string, Value> = {};
    if (!isPunct('(')) return out;
    p++;
    while (!isPunct(')')) {
      const k = name();
      expect(':');
      out[k] = value();
    }
    p++;
    return out;
  };
  const directives = (): Directive[] => {
    const out: Directive[] = [];
    while (isPunct('@')) {
      p++;
      out.push({ name: name(), args: args() });
    }
    return out;
  };
  const type = () => {
    if (isPunct('[')) {
      p++;
      type();
      expect(']');
    } else name();
    if (isPunct('!')) p++;
  };
  const selectionSet = (): Selection[] => {
    expect('{');
    const out: Selection[] = [];
    while (!isPunct('}')) {
      if (isPunct('...')) {
        p++;
        if (peek('on')) {
          p++;
          const on = name();
          const d = directives();
          out.push({
            kind: 'inline',
            on,
            directives: d,
            selections: selectionSet(),
          });
        } else if (isPunct('{') || isPunct('@')) {
          const d = directives();
          out.push({
            kind: 'inline',
            directives: d,
            selections: selectionSet(),
          });
        } else {
          out.push({ kind: 'spread', name: name(), directives: directives() });
        }
        continue;
      }
      let fieldName = name();
      let alias: string | undefined;
      if (isPunct(':')) {
        p++;
        alias = fieldName;
        fieldName = name();
      }
      const a = args();
      const d = directives();
      out.push({
        kind: 'field',
        ...(alias ? { alias } : {}),
        name: fieldName,
        args: a,
        directives: d,
        ...(isPunct('{') ? { selections: selectionSet() } : {}),
      });
    }
    p++;
    return out;
  };
  const doc: Document = { operations: [], fragments: new Map() };
  if (toks.length === 0) throw new GraphqlSyntaxError('the document is empty');
  while (p < toks.length) {
    if (isPunct('{')) {
      doc.operations.push({
        type: 'query',
        variables: [],
        selections: selectionSet(),
      });
      continue;
    }
    const kw = name();
    if (kw === 'fragment') {
      const n = name();
      if (name() !== 'on') throw new GraphqlSyntaxError('expected "on"');
      const on = name();
      directives();
      doc.fragments.set(n, { on, selections: selectionSet() });
      continue;
    }
    if (kw !== 'query' && kw !== 'mutation' && kw !== 'subscription')
      throw new GraphqlSyntaxError(`unexpected "${kw}"`);
    const op: Operation = { type: kw, variables: [], selections: [] };
    if (toks[p]?.t === 'name') op.name = name();
    if (isPunct('(')) {
      p++;
      while (!isPunct(')')) {
        expect('$');
        const n = name();
        expect(':');
        type();
        let defaultValue: Value | undefined;
        if (isPunct('=')) {
          p++;
          defaultValue = value();
        }
        directives();
        op.variables.push({
          name: n,
          ...(defaultValue ? { defaultValue } : {}),
        });
      }
      p++;
    }
    directives();
    op.selections = selectionSet();
    doc.operations.push(op);
  }
  return doc;
}

// ---------------------------------------------------------------- execution

interface GqlError {
  message: string;
  type?: string;
  path?: Array<string | number>;
  locations?: unknown[];
}

/** An object of the schema: its type name and how to resolve each field. */
interface Obj {
  __typename: string;
  fields: Record<string, (args: Json) => unknown>;
}

class FieldError extends Error {
  constructor(message: string, readonly type?: string) {
    super(message);
  }
}

function connection<T>(items: T[], args: Json, wrap: (item: T) => Obj): Obj {
  const first = typeof args.first === 'number' ? args.first : undefined;
  const last = typeof args.last === 'number' ? args.last : undefined;
  let page = items;
  if (first !== undefined) page = page.slice(0, Math.max(0, first));
  if (last !== undefined) page = page.slice(Math.max(0, page.length - last));
  const cursor = (i: number) =>
    Buffer.from(`cursor:v2:${items.indexOf(page[i]) + 1}`).toString('base64');
  return {
    __typename: 'Connection',
    fields: {
      totalCount: () => items.length,
      nodes: () => page.map(wrap),
      edges: () =>
        page.map((item, i) => ({
          __typename: 'Edge',
          fields: { node: () => wrap(item), cursor: () => cursor(i) },
        })),
      pageInfo: () => ({
        __typename: 'PageInfo',
        fields: {
          hasNextPage: () => page.length < items.length && first !== undefined,
          hasPreviousPage: () =>
            page.length < items.length && last !== undefined,
          startCursor: () => (page.length ? cursor(0) : null),
          endCursor: () => (page.length ? cursor(page.length - 1) : null),
        },
      }),
    },
  };
}

function PR_STATE(p: PullRequest): string {
  if (p.merged) return 'MERGED';
  return p.state === 'open' ? 'OPEN' : 'CLOSED';
}

const nodeId = (kind: string, id: string | number) =>
  Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');

function statesFilter(args: Json): (p: PullRequest) => boolean {
  let states: string[] | undefined;
  if (Array.isArray(args.states)) states = args.states.map(String);
  else if (typeof args.states === 'string') states = [args.states];
  return p => !states || states.includes(PR_STATE(p));
}

function schema(git: GitHost, login: string) {
  const html = (repo: Repository) =>
    `https://${git.host}/${repo.owner}/${repo.name}`;
  function user(name: string): Obj {
    return {
      __typename: 'User',
      fields: {
        login: () => name,
        id: () => nodeId('User', name),
        name: () => name,
        url: () => `https://${git.host}/${name}`,
      },
    };
  }
  function commit(repo: Repository, sha: string): Obj {
    const c = git.object(repo, sha, 'commit');
    return {
      __typename: 'Commit',
      fields: {
        oid: () => sha,
        id: () => nodeId('Commit', sha),
        abbreviatedOid: () => sha.slice(0, 7),
        message: () => c?.message ?? '',
        messageHeadline: () => (c?.message ?? '').split('\n')[0],
        committedDate: () => c?.committer.date ?? null,
        url: () => `${html(repo)}/commit/${sha}`,
        tree: () => ({
          __typename: 'Tree',
          fields: { oid: () => c?.tree ?? null },
        }),
      },
    };
  }
  function pull(repo: Repository, p: PullRequest): Obj {
    return {
      __typename: 'PullRequest',
      fields: {
        id: () => nodeId('PullRequest', `${repo.id}:${p.number}`),
        number: () => p.number,
        url: () => `${html(repo)}/pull/${p.number}`,
        title: () => p.title,
        body: () => p.body,
        state: () => PR_STATE(p),
        closed: () => p.state === 'closed',
        merged: () => p.merged,
        isDraft: () => p.draft,
        headRefName: () => p.head,
        baseRefName: () => p.base,
        headRefOid: () => repo.branches.get(p.head) ?? p.headSha,
        baseRefOid: () => repo.branches.get(p.base) ?? p.baseSha,
        createdAt: () => p.createdAt,
        updatedAt: () => p.updatedAt,
        mergedAt: () => p.mergedAt ?? null,
        closedAt: () => p.closedAt ?? null,
        mergeCommit: () =>
          p.mergeCommitSha ? commit(repo, p.mergeCommitSha) : null,
        author: () => user(p.user),
        repository: () => repository(repo),
      },
    };
  }
  function ref(repo: Repository, branch: string): Obj {
    return {
      __typename: 'Ref',
      fields: {
        id: () => nodeId('Ref', `${repo.id}:${branch}`),
        name: () => branch,
        prefix: () => 'refs/heads/',
        target: () => commit(repo, repo.branches.get(branch)!),
        repository: () => repository(repo),
        associatedPullRequests: a =>
          connection(
            repo.pulls
              .filter(p => p.head === branch && statesFilter(a)(p))
              .sort((x, y) => x.number - y.number),
            a,
            p => pull(repo, p),
          ),
      },
    };
  }
  function repository(repo: Repository): Obj {
    return {
      __typename: 'Repository',
      fields: {
        id: () => nodeId('Repository', repo.id),
        databaseId: () => repo.id,
        name: () => repo.name,
        nameWithOwner: () => `${repo.owner}/${repo.name}`,
        url: () => html(repo),
        isPrivate: () => false,
        isArchived: () => false,
        isFork: () => false,
        visibility: () => 'PUBLIC',
        viewerPermission: () => 'ADMIN',
        owner: () => ({
          __typename: 'Organization',
          fields: {
            login: () => repo.owner,
            id: () => nodeId('Org', repo.owner),
          },
        }),
        defaultBranchRef: () => ref(repo, repo.defaultBranch),
        ref: a => {
          const q = String(a.qualifiedName ?? '');
          // Fully qualified first (refs/heads/x), then the short name (x), as GitHub does.
          const branch = q.startsWith('refs/heads/')
            ? q.slice('refs/heads/'.length)
            : q;
          return repo.branches.has(branch) ? ref(repo, branch) : null;
        },
        pullRequest: a => {
          const p = repo.pulls.find(x => x.number === Number(a.number));
          if (!p)
            throw new FieldError(
              `Could not resolve to a PullRequest with the number of ${a.number}.`,
              'NOT_FOUND',
            );
          return pull(repo, p);
        },
        pullRequests: a =>
          connection(
            repo.pulls
              .filter(
                p =>
                  statesFilter(a)(p) &&
                  (a.headRefName === undefined || p.head === a.headRefName) &&
                  (a.baseRefName === undefined || p.base === a.baseRefName),
              )
              .sort((x, y) => x.number - y.number),
            a,
            p => pull(repo, p),
          ),
      },
    };
  }
  const query: Obj = {
    __typename: 'Query',
    fields: {
      viewer: () => user(login),
      repository: a => {
        const repo = git.get(String(a.owner ?? ''), String(a.name ?? ''));
        if (!repo)
          throw new FieldError(
            `Could not resolve to a Repository with the name '${a.owner}/${a.name}'.`,
            'NOT_FOUND',
          );
        return repository(repo);
      },
    },
  };
  return query;
}

function execute(
  doc: Document,
  root: Obj,
  variables: Json,
  operationName: string | undefined,
): { data: Json | null; errors?: GqlError[] } {
  const ops = operationName
    ? doc.operations.filter(o => o.name === operationName)
    : doc.operations;
  if (ops.length !== 1)
    return {
      data: null,
      errors: [
        {
          message: operationName
            ? `Unknown operation named '${operationName}'.`
            : 'An operation name is required when the document has several operations',
        },
      ],
    };
  const op = ops[0];
  if (op.type !== 'query')
    return {
      data: null,
      errors: [{ message: `The simulated GitHub serves no ${op.type}s` }],
    };
  const vars: Json = {};
  for (const v of op.variables) {
    if (v.name in variables) vars[v.name] = variables[v.name];
    else if (v.defaultValue) vars[v.name] = evalValue(v.defaultValue, {});
  }
  const errors: GqlError[] = [];

  const included = (ds: Directive[]) =>
    ds.every(d => {
      const a = evalArgs(d.args, vars);
      if (d.name === 'include') return a.if === true;
      if (d.name === 'skip') return a.if !== true;
      return true;
    });

  const collect = (obj: Obj, sels: Selection[], into: Field[]) => {
    for (const s of sels) {
      if (!included(s.directives)) continue;
      if (s.kind === 'field') into.push(s);
      else if (s.kind === 'inline') {
        if (!s.on || s.on === obj.__typename) collect(obj, s.selections, into);
      } else {
        const f = doc.fragments.get(s.name);
        if (!f)
          throw new FieldError(`Fragment ${s.name} was used, but not defined`);
        if (f.on === obj.__typename) collect(obj, f.selections, into);
      }
    }
  };

  function resolveObj(
    obj: Obj,
    sels: Selection[],
    path: Array<string | number>,
  ): Json {
    const fields: Field[] = [];
    collect(obj, sels, fields);
    const out: Json = {};
    for (const f of fields) {
      const key = f.alias ?? f.name;
      if (f.name === '__typename') {
        out[key] = obj.__typename;
        continue;
      }
      const resolver = obj.fields[f.name];
      if (!resolver) {
        errors.push({
          message: `Field '${f.name}' doesn't exist on type '${obj.__typename}'`,
          path: [...path, key],
        });
        out[key] = null;
        continue;
      }
      try {
        out[key] = complete(resolver(evalArgs(f.args, vars)), f, [
          ...path,
          key,
        ]);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        errors.push({
          ...(e.type ? { type: e.type } : {}),
          path: [...path, key],
          message: e.message,
        });
        out[key] = null;
      }
    }
    return out;
  }

  function complete(
    v: unknown,
    f: Field,
    path: Array<string | number>,
  ): unknown {
    if (v === null || v === undefined) return null;
    if (Array.isArray(v)) return v.map((x, i) => complete(x, f, [...path, i]));
    if (typeof v === 'object' && 'fields' in (v as object)) {
      if (!f.selections)
        throw new FieldError(
          `Field must have selections (field '${f.name}' returns ${
            (v as Obj).__typename
          } but has no selections.)`,
        );
      return resolveObj(v as Obj, f.selections, path);
    }
    return v;
  }

  try {
    const data = resolveObj(root, op.selections, []);
    return errors.length ? { data, errors } : { data };
  } catch (e) {
    if (e instanceof FieldError)
      return { data: null, errors: [{ message: e.message }] };
    throw e;
  }
}

function evalValue(v: Value, vars: Json): unknown {
  switch (v.kind) {
    case 'var':
      return vars[v.name] ?? null;
    case 'const':
      return v.value;
    case 'list':
      return v.items.map(i => evalValue(i, vars));
    default:
      return Object.fromEntries(
        Object.entries(v.fields).map(([k, x]) => [k, evalValue(x, vars)]),
      );
  }
}

function evalArgs(a: Record<string, Value>, vars: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(a)) {
    const x = evalValue(v, vars);
    if (x !== undefined) out[k] = x;
  }
  return out;
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
  let doc: Document;
  try {
    doc = parseDocument(body.query);
  } catch (e) {
    if (!(e instanceof GraphqlSyntaxError)) throw e;
    return json(200, {
      errors: [{ message: `Parse error: ${e.message}` }],
    });
  }
  const variables =
    body.variables && typeof body.variables === 'object'
      ? (body.variables as Json)
      : {};
  const result = execute(
    doc,
    schema(git, login),
    variables,
    typeof body.operationName === 'string' ? body.operationName : undefined,
  );
  return json(200, result);
}
