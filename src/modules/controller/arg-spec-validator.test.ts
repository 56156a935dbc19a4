import { describe, expect, it } from 'vitest';
import { argSpecSchema } from './arg-spec-schema.js';
import { validateArgumentSpec, type ArgSpec } from './arg-spec-validator.js';

/**
 * Each expectation is what Ansible 2.14's ArgumentSpecValidator(spec).validate(params) reports
 * for the same spec and parameters (module_utils/common/arg_spec.py, run under python3).
 */
const spec = (s: unknown): ArgSpec => argSpecSchema.parse(s);
const errors = (s: unknown, params: Record<string, unknown>): string[] => validateArgumentSpec(spec(s), params).errors;
const STR = "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>";

describe('role argument spec validation (Ansible 2.14 ArgumentSpecValidator)', () => {
  it('reads aliases: an alias sets its option, both given warns', () => {
    const s = { name: { type: 'str', required: true, aliases: ['n', 'nm'] } };
    expect(errors(s, { n: 'x' })).toEqual([]);
    expect(validateArgumentSpec(spec(s), { name: 'a', n: 'b' }).warnings).toEqual(['Both option name and its alias n are set.']);
    expect(errors(s, {})).toEqual(['missing required arguments: name']);
  });

  it('lists parameters no option names, with the supported ones and their aliases', () => {
    expect(errors({ a: { type: 'int', aliases: ['b'] }, c: {} }, { zz: 1, yy: 2 })).toEqual(['yy, zz. Supported parameters include: a, c (b).']);
  });

  it('reports a required option that has a default as Ansible does', () => {
    expect(errors({ a: { required: true, default: 1 } }, { a: 2 })).toEqual(['internal error: required and default are mutually exclusive for a']);
    // with a stray parameter Ansible reads the aliases again to list them, and fails again
    expect(errors({ a: { required: true, default: 1 } }, { a: 2, q: 1 })).toEqual([
      'internal error: required and default are mutually exclusive for a',
      'internal error: required and default are mutually exclusive for a',
    ]);
  });

  it('converts list elements one by one and drops those that do not convert', () => {
    const s = { ports: { type: 'list', elements: 'int' } };
    expect(errors(s, { ports: [1, '2', 'x'] })).toEqual([`Elements value for option 'ports' is of type ${STR} and we were unable to convert to int: ${STR} cannot be converted to an int`]);
    expect(errors(s, { ports: '1,2' })).toEqual([]);
    expect(validateArgumentSpec(spec(s), { ports: '1,2' }).validated.ports).toEqual([1, 2]);
  });

  it('refuses elements on a type that is not a list, and walks the value as Python would', () => {
    expect(errors({ a: { type: 'str', elements: 'int' } }, { a: '1' })).toEqual(["Invalid type str for option '1', elements value check is supported only with 'list' type"]);
    expect(errors({ a: { type: 'int', elements: 'str' } }, { a: 5 })).toEqual([
      "Invalid type int for option '5', elements value check is supported only with 'list' type",
      "argument 'a' is of type <class 'int'> and we were unable to convert to int: 'int' object is not iterable",
    ]);
  });

  it('reports sub-option values that are no dict where Ansible meets them (no_log listing, types, sub-options)', () => {
    expect(errors({ s: { type: 'dict', options: { x: { type: 'int' } } } }, { s: ['notadict', { x: 'y' }] })).toEqual([
      'dictionary requested, could not parse JSON or key=value',
      "argument 's' is of type <class 'list'> and we were unable to convert to dict: <class 'list'> cannot be converted to a dict",
      "value of 's' must be of type dict or list of dicts",
      `argument 'x' is of type ${STR} found in 's'. and we were unable to convert to int: ${STR} cannot be converted to an int`,
    ]);
    expect(errors({ s: { type: 'list', elements: 'dict', options: { x: { type: 'int' } } } }, { s: [{ x: 1 }, 'nd', { x: 'q', zz: 1 }] })).toEqual([
      'dictionary requested, could not parse JSON or key=value',
      `Elements value for option 's' is of type ${STR} and we were unable to convert to dict: dictionary requested, could not parse JSON or key=value`,
      `argument 'x' is of type ${STR} found in 's'. and we were unable to convert to int: ${STR} cannot be converted to an int`,
      's.zz. Supported parameters include: x.',
    ]);
  });

  it('checks nested options of a dict option, with their context', () => {
    const s = {
      server: {
        type: 'dict',
        options: { host: { type: 'str', required: true }, port: { type: 'int', choices: [80, 443] } },
        mutually_exclusive: [['host', 'socket']],
      },
    };
    expect(errors(s, { server: { host: 'h', port: 80 } })).toEqual([]);
    expect(errors(s, { server: { port: 'x' } })).toEqual([
      "missing required arguments: host found in server",
      `argument 'port' is of type ${STR} found in 'server'. and we were unable to convert to int: ${STR} cannot be converted to an int`,
      'value of port must be one of: 80, 443, got: x found in server',
    ]);
    expect(errors(s, { server: { host: 'h', port: 8080 } })).toEqual(['value of port must be one of: 80, 443, got: 8080 found in server']);
    expect(errors(s, { server: { host: 'h', extra: 1 } })).toEqual(['server.extra. Supported parameters include: host, port.']);
  });

  it('checks each dict of a list of dicts, and refuses an element that is no dict', () => {
    const s = { users: { type: 'list', elements: 'dict', options: { name: { required: true }, uid: { type: 'int' } }, required_together: [['name', 'uid']] } };
    expect(errors(s, { users: [{ name: 'a', uid: 1 }, { name: 'b' }] })).toEqual(['parameters are required together: name, uid found in users']);
    expect(errors(s, { users: [{ uid: 1 }] })).toEqual(['missing required arguments: name found in users', 'parameters are required together: name, uid found in users']);
  });

  it('applies defaults to an absent dict option only with apply_defaults', () => {
    const s = (apply: boolean) => ({ conf: { type: 'dict', apply_defaults: apply, options: { level: { type: 'int', default: 3 }, name: { required: true } } } });
    expect(errors(s(false), {})).toEqual([]);
    expect(errors(s(true), {})).toEqual(['missing required arguments: name found in conf']);
  });

  it('checks the rules across options in Ansible order', () => {
    const s = {
      opt: {
        type: 'dict',
        options: { a: {}, b: {}, c: {}, state: { choices: ['on', 'off'] } },
        required_one_of: [['a', 'b']],
        required_if: [['state', 'on', ['c']]],
        required_by: { a: ['b'] },
      },
    };
    expect(errors(s, { opt: { c: 1 } })).toEqual(['one of the following is required: a, b found in opt']);
    expect(errors(s, { opt: { b: 1, state: 'on' } })).toEqual(['state is on but all of the following are missing: c found in opt']);
    expect(errors(s, { opt: { a: 1, c: 1 } })).toEqual(["missing parameter(s) required by 'a': b found in opt"]);
  });

  it('honours the entry point rules it is given', () => {
    const s = spec({ a: {}, b: {} });
    expect(validateArgumentSpec(s, { a: 1, b: 2 }, { mutually_exclusive: [['a', 'b']] }).errors).toEqual(['parameters are mutually exclusive: a|b']);
  });

  it('takes a given null as given (required), and checks its choices', () => {
    expect(errors({ a: { required: true, choices: ['x'] } }, { a: null })).toEqual(['value of a must be one of: x, got: None']);
  });

  it('converts as check_type_* does, with its messages', () => {
    expect(errors({ a: { type: 'int' } }, { a: ' 1_0 ' })).toEqual([]);
    expect(errors({ a: { type: 'int' } }, { a: 1.5 })).toEqual(["argument 'a' is of type <class 'float'> and we were unable to convert to int: <class 'float'> cannot be converted to an int"]);
    expect(errors({ a: { type: 'bool' } }, { a: 2 })).toEqual([
      "argument 'a' is of type <class 'int'> and we were unable to convert to bool: The value '2' is not a valid boolean.  Valid booleans include: 'y', 'yes', 'on', '1', 'true', 't', 1, 1.0, True, 'n', 'no', 'off', '0', 'false', 'f', 0, 0.0, False",
    ]);
    expect(errors({ a: { type: 'dict' } }, { a: 'x=1 y=2' })).toEqual([]);
    expect(errors({ a: { type: 'dict' } }, { a: [1] })).toEqual(["argument 'a' is of type <class 'list'> and we were unable to convert to dict: <class 'list'> cannot be converted to a dict"]);
    expect(errors({ a: { type: 'bytes' } }, { a: '10M' })).toEqual([]);
    expect(errors({ a: { type: 'float' } }, { a: '1e3' })).toEqual([]);
    expect(errors({ a: { type: 'list' } }, { a: { k: 1 } })).toEqual(["argument 'a' is of type <class 'dict'> and we were unable to convert to list: <class 'dict'> cannot be converted to a list"]);
    expect(errors({ a: { type: 'str', choices: [1, 2] } }, { a: 1 })).toEqual(['value of a must be one of: 1, 2, got: 1']);
    expect(errors({ a: { type: 'raw', choices: [1, 2] } }, { a: true })).toEqual([]);
    expect(errors({ a: { type: 'nosuch' } }, { a: 1 })).toEqual(["argument 'a' is of type <class 'int'> and we were unable to convert to nosuch: 'NoneType' object is not callable"]);
  });

  it("maps the text 'True'/'False' onto the one boolean-like choice", () => {
    expect(errors({ a: { choices: [true, 'maybe'] } }, { a: 'True' })).toEqual([]);
    expect(errors({ a: { choices: ['yes', 'no'] } }, { a: 'True' })).toEqual([]);
  });

  it('refuses a fallback it would have to call, and unknown keys of an option by name', () => {
    expect(() => validateArgumentSpec(spec({ a: { fallback: ['env_fallback', ['HOME']] } }), {})).toThrow(/fallback/);
    expect(validateArgumentSpec(spec({ a: { fallback: ['env_fallback', ['HOME']] } }), { a: 'x' }).errors).toEqual([]);
    expect(() => spec({ a: { requird: true } })).toThrow(/requird/);
  });

  it('collects the values of no_log options, nested ones too', () => {
    const r = validateArgumentSpec(spec({ pw: { no_log: true }, db: { type: 'dict', options: { token: { no_log: true } } } }), { pw: 'secret1', db: { token: 'secret2' } });
    expect([...r.noLogValues].sort()).toEqual(['secret1', 'secret2']);
  });

  it('warns of deprecated aliases and removed options', () => {
    const s = spec({ a: { aliases: ['old'], deprecated_aliases: [{ name: 'old', version: '2.0' }] }, b: { removed_in_version: '3.0' } });
    expect(validateArgumentSpec(s, { old: 1, b: 2 }).warnings.sort()).toEqual([
      "Alias 'old' is deprecated. See the module docs for more information",
      "Param 'b' is deprecated. See the module docs for more information",
    ]);
  });
});
