/**
 * Small typed readers for untrusted YAML values. Every error names the path of the bad field.
 */

export class FleetSpecError extends Error {
  constructor(readonly source: string, readonly path: string, detail: string) {
    super(`${source}: ${path || '(root)'}: ${detail}`);
    this.name = 'FleetSpecError';
  }
}

export type Obj = Record<string, unknown>;

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** Reads fields of one mapping, checking that no unknown keys are present. */
export class Reader {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly value: Obj,
  ) {}

  static root(source: string, value: unknown): Reader {
    if (!isObj(value)) {
      throw new FleetSpecError(
        source,
        '',
        `expected a mapping with "hubs", got ${describe(value)}`,
      );
    }
    return new Reader(source, '', value);
  }

  at(key: string | number): string {
    if (typeof key === 'number') return `${this.path}[${key}]`;
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string | number | undefined, detail: string): never {
    throw new FleetSpecError(
      this.source,
      key === undefined ? this.path : this.at(key),
      detail,
    );
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  allowOnly(keys: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (!keys.includes(key)) {
        this.fail(key, `unknown field (allowed: ${keys.join(', ')})`);
      }
    }
  }

  str(key: string): string;
  str(key: string, fallback: string): string;
  str(key: string, fallback: string | undefined): string | undefined;
  str(key: string, ...rest: [] | [string | undefined]): string | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (rest.length > 0) return rest[0];
      return this.fail(key, 'is required');
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      return this.fail(key, `expected a string, got ${describe(v)}`);
    }
    const s = String(v);
    if (s.length === 0 && rest.length === 0)
      this.fail(key, 'must not be empty');
    return s;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const v = this.str(key, fallback);
    if (v === undefined || !(allowed as readonly string[]).includes(v)) {
      return this.fail(
        key,
        `expected one of ${allowed.join(', ')}, got ${describe(
          this.value[key],
        )}`,
      );
    }
    return v as T;
  }

  int(key: string, fallback?: number, min = 0): number {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      return this.fail(key, 'is required');
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      return this.fail(
        key,
        `expected an integer >= ${min}, got ${describe(v)}`,
      );
    }
    return v;
  }

  num(key: string, fallback?: number): number {
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      return this.fail(key, 'is required');
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return this.fail(key, `expected a number, got ${describe(v)}`);
    }
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.value[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      return this.fail(key, `expected true or false, got ${describe(v)}`);
    }
    return v;
  }

  obj(key: string): Reader | undefined {
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (!isObj(v))
      return this.fail(key, `expected a mapping, got ${describe(v)}`);
    return new Reader(this.source, this.at(key), v);
  }

  req(key: string): Reader {
    const r: Reader | undefined = this.obj(key);
    if (!r) return this.fail(key, 'is required');
    return r;
  }

  list(key: string): Array<{ path: string; value: unknown; index: number }> {
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      return this.fail(key, `expected a list, got ${describe(v)}`);
    }
    return v.map((value, index) => ({
      path: `${this.at(key)}[${index}]`,
      value,
      index,
    }));
  }

  objList(key: string): Reader[] {
    return this.list(key).map(({ path, value }) => {
      if (!isObj(value)) {
        throw new FleetSpecError(
          this.source,
          path,
          `expected a mapping, got ${describe(value)}`,
        );
      }
      return new Reader(this.source, path, value);
    });
  }

  strList(key: string): string[] {
    return this.list(key).map(({ path, value }) => {
      if (typeof value !== 'string' || value.length === 0) {
        throw new FleetSpecError(
          this.source,
          path,
          `expected a non-empty string, got ${describe(value)}`,
        );
      }
      return value;
    });
  }

  /** A string-to-string map such as labels or annotations. */
  strMap(key: string): Record<string, string> {
    const r: Reader | undefined = this.obj(key);
    if (!r) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.value)) {
      if (typeof v === 'number' || typeof v === 'boolean') {
        r.fail(k, `expected a string value (quote it: "${v}")`);
      }
      if (typeof v !== 'string') {
        return r.fail(k, `expected a string, got ${describe(v)}`);
      }
      out[k] = v;
    }
    return out;
  }
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
