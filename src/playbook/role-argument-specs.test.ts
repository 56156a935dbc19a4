import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationTask } from './role-argument-specs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'play-argspecs-'));
  await mkdir(path.join(dir, 'meta'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function taskFor(specs: string, use: Parameters<typeof validationTask>[3]): Promise<Record<string, unknown> | undefined> {
  await writeFile(path.join(dir, 'meta', 'argument_specs.yml'), specs);
  return validationTask(dir, 'r', {}, use);
}

describe("a role's validation task", () => {
  it('passes the entry point rules beside the options, and no parameters for include_role', async () => {
    const task = await taskFor('argument_specs:\n  main:\n    options: {a: {}, b: {}}\n    mutually_exclusive: [[a, b]]\n', { params: { a: 1 }, fromInclude: true });
    expect(task?.validate_argument_spec).toMatchObject({ argument_spec: { a: {}, b: {} }, provided_arguments: {}, mutually_exclusive: [['a', 'b']] });
  });

  it("passes a roles: entry's parameters, not its vars", async () => {
    const task = await taskFor('argument_specs:\n  main:\n    options: {a: {}}\n', { params: { a: 1, v: 2 }, vars: { v: 2 } });
    expect(task?.validate_argument_spec).toMatchObject({ provided_arguments: { a: 1 } });
  });

  it('fails the task, by name, for an entry point key Ansible does not read', async () => {
    const task = await taskFor('argument_specs:\n  main:\n    shortdescription: x\n    options: {}\n', { params: {} });
    expect(task?.fail).toEqual({ msg: expect.stringMatching(/^the argument spec 'main' of role 'r' has unknown key\(s\): shortdescription \(/) as unknown });
    expect(task?.validate_argument_spec).toBeUndefined();
  });
});
