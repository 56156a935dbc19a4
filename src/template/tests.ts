/**
 * Jinja2 and Ansible tests (`x is defined`, `result is failed`, `v is version('2.0', '>=')`).
 * `defined`/`undefined` receive undefined values (the compiler makes their operand lenient);
 * every other test only ever sees defined values.
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { isAbsolute } from 'node:path';
import { bindArgs } from './args.js';
import type { Test } from './args.js';
import { JinjaError } from './errors.js';
import { isMapping, isStr, isUndefined, plain, pyContains, pyEquals, pyCompare, pyStr, truthy, typeName } from './python.js';
import { pyRegExp } from './regex.js';
import { parseBoolean } from '../util/ansible-boolean.js';
import { versionCompare } from './version.js';

function resultDict(test: string, value: unknown): Record<string, unknown> {
  if (!isMapping(value)) {
    throw new JinjaError(`The '${test}' test expects a dictionary (a registered result), got ${typeName(value)}`);
  }
  return value;
}

function failed(value: unknown): boolean {
  return truthy(resultDict('failed', value).failed);
}

function changed(value: unknown): boolean {
  const result = resultDict('changed', value);
  if (truthy(result.changed)) return true;
  return Array.isArray(result.results) && result.results.some((r) => isMapping(r) && truthy(r.changed));
}

function regexTest(mode: 'match' | 'search' | 'fullmatch') {
  return (value: unknown, ...args: unknown[]): boolean => {
    const { pattern, ignorecase, multiline } = bindArgs(mode, args, ['pattern', 'ignorecase', 'multiline']);
    const re = pyRegExp(pyStr(pattern), { ignorecase: ignorecase === true, multiline: multiline === true, sticky: mode !== 'search' });
    const m = re.exec(pyStr(value));
    return m !== null && (mode !== 'fullmatch' || m[0].length === pyStr(value).length);
  };
}

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : isMapping(v) ? Object.keys(v) : isStr(v) ? [...String(v)] : []);

const pathTest = (check: (p: string) => boolean): Test => (v) => check(pyStr(v));
const statOf = (p: string, link = false): Stats | undefined => {
  try {
    return link ? lstatSync(p) : statSync(p);
  } catch {
    return undefined;
  }
};

/** An async job's `finished`/`started` (0 or 1); a result without the key counts as done, as in Ansible. */
const asyncFlag = (key: string) => (v: unknown): boolean => {
  const r = resultDict(key, v);
  return key in r ? Number(r[key]) === 1 : true;
};

/** Ansible's truthy test: Python truth, after boolean() when convert_bool and it is a boolean word. */
function truthyTest(value: unknown, args: unknown[]): boolean {
  const v = plain(value);
  if (truthy(bindArgs('truthy', args, ['convert_bool']).convert_bool)) {
    const b = parseBoolean(v);
    if (b !== undefined) return b;
  }
  return truthy(v);
}

export function createTests(): Record<string, Test> {
  const eq: Test = (a, b) => pyEquals(a, b);
  const ne: Test = (a, b) => !pyEquals(a, b);
  const lt: Test = (a, b) => pyCompare(a, b) < 0;
  const le: Test = (a, b) => pyCompare(a, b) <= 0;
  const gt: Test = (a, b) => pyCompare(a, b) > 0;
  const ge: Test = (a, b) => pyCompare(a, b) >= 0;
  const succeeded: Test = (v) => !failed(v);
  const version: Test = (v, ...args) => versionCompare(v, ...args);
  return {
    defined: (v) => !isUndefined(v),
    undefined: (v) => isUndefined(v),
    none: (v) => v === null,
    true: (v) => v === true,
    false: (v) => v === false,
    string: (v) => isStr(v),
    number: isNumber,
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    float: (v) => typeof v === 'number' && !Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    mapping: (v) => isMapping(v),
    iterable: (v) => Array.isArray(v) || isMapping(v) || isStr(v),
    sequence: (v) => Array.isArray(v) || isMapping(v) || isStr(v),
    callable: (v) => typeof v === 'function',
    sameas: (a, b) => plain(a) === plain(b),
    match: regexTest('match'),
    search: regexTest('search'),
    regex: (value, ...args) => {
      const a = bindArgs('regex', args, ['pattern', 'ignorecase', 'multiline', 'match_type']);
      const mode = a.match_type === 'match' ? 'match' : a.match_type === 'fullmatch' ? 'fullmatch' : 'search';
      return regexTest(mode)(value, a.pattern, a.ignorecase, a.multiline);
    },
    in: (v, container) => pyContains(container, v),
    contains: (container, v) => pyContains(container, v),
    subset: (a, b) => asList(a).every((x) => asList(b).some((y) => pyEquals(x, y))),
    superset: (a, b) => asList(b).every((x) => asList(a).some((y) => pyEquals(x, y))),
    equalto: eq,
    eq,
    '==': eq,
    ne,
    '!=': ne,
    lt,
    '<': lt,
    lessthan: lt,
    le,
    '<=': le,
    gt,
    '>': gt,
    greaterthan: gt,
    ge,
    '>=': ge,
    version,
    version_compare: version,
    success: succeeded,
    successful: succeeded,
    reachable: (v) => !truthy(resultDict('reachable', v).unreachable),
    unreachable: (v) => truthy(resultDict('unreachable', v).unreachable),
    finished: asyncFlag('finished'),
    started: asyncFlag('started'),
    any: (v) => asList(v).some(truthy),
    all: (v) => asList(v).every(truthy),
    nan: (v) => typeof v === 'number' && Number.isNaN(v),
    vault_encrypted: (v) => isStr(v) && pyStr(v).trimStart().startsWith('$ANSIBLE_VAULT;'),
    file: pathTest((p) => statOf(p)?.isFile() === true),
    directory: pathTest((p) => statOf(p)?.isDirectory() === true),
    link: pathTest((p) => statOf(p, true)?.isSymbolicLink() === true),
    exists: pathTest((p) => statOf(p) !== undefined),
    link_exists: pathTest((p) => statOf(p, true) !== undefined),
    abs: pathTest((p) => isAbsolute(p)),
    same_file: (a, b) => {
      const x = statOf(pyStr(a));
      const y = statOf(pyStr(b));
      return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
    },
    issubset: (a, b) => asList(a).every((x) => asList(b).some((y) => pyEquals(x, y))),
    issuperset: (a, b) => asList(b).every((x) => asList(a).some((y) => pyEquals(x, y))),
    succeeded,
    failed: (v) => failed(v),
    failure: (v) => failed(v),
    changed: (v) => changed(v),
    change: (v) => changed(v),
    skipped: (v) => truthy(resultDict('skipped', v).skipped),
    skip: (v) => truthy(resultDict('skipped', v).skipped),
    truthy: (v, ...args) => truthyTest(v, args),
    falsy: (v, ...args) => !truthyTest(v, args),
    even: (v) => Number(v) % 2 === 0,
    odd: (v) => Math.abs(Number(v) % 2) === 1,
    divisibleby: (v, n) => Number(v) % Number(n) === 0,
    lower: (v) => pyStr(v) === pyStr(v).toLowerCase(),
    upper: (v) => pyStr(v) === pyStr(v).toUpperCase(),
  };
}
