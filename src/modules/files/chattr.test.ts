import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../connection/types.js';
import type { ModuleContext } from '../types.js';
import { parseLsattr, planChattr } from './chattr.js';

/** A context whose only answer is lsattr's (the one read planChattr makes). */
function lsattrSays(rc: number, stdout: string): ModuleContext {
  const answer: ExecResult = { rc, stdout, stdoutBytes: Buffer.from(stdout), stderr: rc === 0 ? '' : 'lsattr: Operation not supported While reading flags' };
  return { probe: () => Promise.resolve(answer) } as unknown as ModuleContext;
}

describe('attributes (chattr), by Ansible 2.14\'s rule', () => {
  it('reads lsattr -d as the flags without dashes, nothing when lsattr fails', () => {
    expect(parseLsattr(0, '-------A------e------- /x\n')).toBe('Ae');
    expect(parseLsattr(1, '')).toBeUndefined();
  });

  it('compares the flags as a string with the argument less its + or -', async () => {
    expect((await planChattr(lsattrSays(0, '-------A------e------- /x'), '/x', 'Ae', true)).changes).toEqual([]);
    expect((await planChattr(lsattrSays(0, '-------A------e------- /x'), '/x', '=Ae', true)).changes).toHaveLength(1);
    const plus = await planChattr(lsattrSays(0, '-------A------e------- /x'), '/x', '+A', true);
    expect([plus.before, plus.after, plus.changes.map((c) => c.describe)]).toEqual(['Ae', '+A', ['chattr +A /x']]);
    expect((await planChattr(lsattrSays(0, '---------------------- /x'), '/x', '-A', true)).changes).toHaveLength(1);
    expect((await planChattr(lsattrSays(0, ''), '/x', undefined, true)).changes).toEqual([]);
  });

  it('where lsattr fails (a file system without attributes) chattr is tried, and its failure fails the task', async () => {
    const plan = await planChattr(lsattrSays(1, ''), '/x', '+A', true);
    expect(plan.before).toBeNull();
    const apply = plan.changes[0]?.apply;
    expect(apply?.kind === 'exec' && apply.failMessage).toBe('chattr failed');
  });

  it('decides on the target for a file the task creates, and never passes a path that looks like an option', async () => {
    const plan = await planChattr(lsattrSays(0, ''), '-x', '+A', false);
    const apply = plan.changes[0]?.apply;
    expect(apply?.kind === 'exec' && apply.command.render()).toContain('chattr +A ./-x');
    expect(apply?.kind === 'exec' && apply.command.render()).toContain('lsattr -d');
  });
});
