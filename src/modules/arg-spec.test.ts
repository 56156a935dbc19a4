import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkMutuallyExclusive, checkRequirements, parseModuleArgs, resolveAliases, validateModuleArgs } from './arg-spec.js';
import { lineinfile } from './files/lineinfile.js';
import { abool, astr } from './schema.js';
import { defineModule } from './types.js';

/** Messages as ansible-core's module_utils/common/validation.py words them. */
describe('argument constraints', () => {
  it('mutually_exclusive: every broken group, joined by |', () => {
    const c = { mutuallyExclusive: [['command', 'state'], ['a', 'b'], ['x', 'y']] };
    expect(checkMutuallyExclusive(c, { command: 'start', state: 'running', a: 1, b: 2, x: 1 })).toEqual({
      message: 'parameters are mutually exclusive: command|state, a|b',
      args: ['command', 'state'],
      hint: 'give only one of command, state',
    });
    expect(checkMutuallyExclusive(c, { command: 'start', a: 1, y: null })).toBeUndefined();
  });

  it('required_one_of', () => {
    const c = { requiredOneOf: [['name', 'xml']] };
    expect(checkRequirements(c, {})?.message).toBe('one of the following is required: name, xml');
    expect(checkRequirements(c, { xml: '<domain/>' })).toBeUndefined();
  });

  it('required_together', () => {
    const c = { requiredTogether: [['user', 'password']] };
    expect(checkRequirements(c, { user: 'u' })?.message).toBe('parameters are required together: user, password');
    expect(checkRequirements(c, { user: 'u' })?.hint).toBe('add password, or leave out user');
    expect(checkRequirements(c, {})).toBeUndefined();
    expect(checkRequirements(c, { user: 'u', password: 'p' })).toBeUndefined();
  });

  it('required_if, all and any of the requirements', () => {
    const all = { requiredIf: [{ name: 'state', is: 'present', require: ['content', 'owner'] }] };
    expect(checkRequirements(all, { state: 'present', owner: 'root' })?.message).toBe('state is present but all of the following are missing: content');
    expect(checkRequirements(all, { state: 'absent' })).toBeUndefined();
    const any = { requiredIf: [{ name: 'force', is: true, require: ['a', 'b'], anyOf: true }] };
    expect(checkRequirements(any, { force: true })?.message).toBe('force is True but any of the following are missing: a, b');
    expect(checkRequirements(any, { force: true, b: 1 })).toBeUndefined();
  });

  it('required_by', () => {
    const c = { requiredBy: { backup: ['dest'] } };
    expect(checkRequirements(c, { backup: true })?.message).toBe("missing parameter(s) required by 'backup': dest");
    expect(checkRequirements(c, {})).toBeUndefined();
  });
});

describe('aliases', () => {
  it('become the canonical name; the canonical name wins over an alias', () => {
    const aliases = { path: ['dest', 'name'] };
    expect(resolveAliases(aliases, { dest: '/a', mode: '0644' })).toEqual({ path: '/a', mode: '0644' });
    expect(resolveAliases(aliases, { dest: '/a', path: '/b' })).toEqual({ path: '/b' });
    expect(resolveAliases(aliases, { name: '/c', dest: '/a' })).toEqual({ path: '/c' });
  });
});

describe('validateModuleArgs, the one check before plan()', () => {
  const probe = defineModule({
    name: 'probe',
    description: 'test module',
    args: z.strictObject({ path: astr(), state: z.enum(['present', 'absent']).default('present'), content: astr().optional(), force: abool().default(false) }),
    aliases: { path: ['dest'] },
    constraints: { mutuallyExclusive: [['force', 'content']], requiredIf: [{ name: 'state', is: 'present', require: ['content'] }] },
    plan: () => Promise.resolve({ changes: [] }),
  });

  it('resolves aliases before the required check', () => {
    expect(validateModuleArgs(probe, { dest: '/x', content: 'c' })).toEqual({ ok: true, data: { path: '/x', state: 'present', content: 'c', force: false } });
  });

  it('checks mutual exclusion on what was written, before defaults fill in', () => {
    // force has a default (false): only a written force counts, as in Ansible
    expect(validateModuleArgs(probe, { path: '/x', content: 'c' }).ok).toBe(true);
    expect(() => parseModuleArgs(probe, { path: '/x', content: 'c', force: 'no' })).toThrow('probe: parameters are mutually exclusive: force|content');
  });

  it('checks required_if on typed values with defaults set (state defaults to present)', () => {
    expect(() => parseModuleArgs(probe, { path: '/x' })).toThrow('probe: state is present but all of the following are missing: content');
  });

  it('reports a type error as zod does', () => {
    const res = validateModuleArgs(probe, { path: '/x', force: 'maybe' });
    expect(res.ok).toBe(false);
    expect('zodError' in res && res.zodError.issues[0]?.path).toEqual(['force']);
  });

  it("gives lineinfile Ansible's messages (ansible 2.14, checked with the ansible command)", () => {
    const msg = (args: Record<string, unknown>) => {
      const res = validateModuleArgs(lineinfile, args);
      return 'violation' in res ? res.violation.message : res.ok ? 'ok' : 'type error';
    };
    expect(msg({ path: '/x', search_string: 'a', backrefs: false, line: 'b' })).toBe('parameters are mutually exclusive: backrefs|search_string');
    expect(msg({ path: '/x', insertafter: 'a', insertbefore: 'b', line: 'c' })).toBe('parameters are mutually exclusive: insertbefore|insertafter');
    expect(msg({ path: '/x', regex: 'a', search_string: 'b', line: 'c' })).toBe('parameters are mutually exclusive: regexp|search_string');
    expect(msg({ path: '/x' })).toBe('line is required with state=present');
    expect(msg({ path: '/x', state: 'absent' })).toBe('one of line, search_string, or regexp is required with state=absent');
    expect(msg({ dest: '/x', value: 'v' })).toBe('ok');
  });
});
