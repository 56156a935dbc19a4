/**
 * Ansible's `version` test/filter. The default comparison is Python's LooseVersion (what Ansible
 * uses): "1.8.32.3" and "22.5.1~dfsg" compare component by component. `version_type='semver'` or
 * 'strict' use the semver package, coercing versions that are not strictly semver.
 */
import semver from 'semver';
import { bindArgs } from './args.js';
import { JinjaError } from './errors.js';
import { pyStr } from './python.js';

const OPERATORS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

function looseParts(v: string): (number | string)[] {
  return v
    .split(/(\d+|[a-z]+|\.)/i)
    .filter((p) => p !== '' && p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function compareLoose(a: string, b: string): number {
  const pa = looseParts(a);
  const pb = looseParts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as number | string;
    const y = pb[i] as number | string;
    if (x === y) continue;
    // Python 3 cannot order int against str; numbers sorting first is the useful reading.
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function toSemver(v: string, strict: boolean): semver.SemVer {
  const parsed = semver.parse(v) ?? (strict ? null : semver.coerce(v, { loose: true }));
  if (!parsed) throw new JinjaError(`Version comparison failed: '${v}' is not a valid version`);
  return parsed;
}

export function versionCompare(value: unknown, ...args: unknown[]): boolean {
  const { version, operator = 'eq', strict = false, version_type } = bindArgs('version', args, ['version', 'operator', 'strict', 'version_type']);
  const op = OPERATORS[pyStr(operator)];
  if (!op) throw new JinjaError(`Invalid operator type (${pyStr(operator)})`, `use one of ${Object.keys(OPERATORS).join(', ')}`);
  const a = pyStr(value);
  const b = pyStr(version);
  if (a === '' || b === '') throw new JinjaError('Version comparison failed: an empty version was given');
  const type = version_type === undefined || version_type === null ? (strict === true ? 'strict' : 'loose') : pyStr(version_type);
  const c = type === 'semver' || type === 'strict' ? semver.compare(toSemver(a, false), toSemver(b, false)) : compareLoose(a, b);
  return op(c);
}
