import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_HOSTS, Project } from '../support/project.js';

/** --start-at-task: a name no task has is reported before anything runs (test/engine/bad-input/64); these prove what still runs. */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const tasks = (names: string[]): string => names.map((n) => `    - name: ${n}\n      debug: { msg: "${n}" }`).join('\n');

describe('--start-at-task', () => {
  it('starts at the named task, by its name or its role-prefixed name', async () => {
    project = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'site.yml': `- hosts: h1\n  gather_facts: false\n  roles: [pbx]\n  tasks:\n${tasks(['one', 'two', 'three'])}\n`,
      'roles/pbx/tasks/main.yml': `- name: role task\n  debug: { msg: r }\n- name: second role task\n  debug: { msg: r2 }\n`,
    });
    const byName = await project.run({ startAtTask: 'two' });
    expect(byName.code).toBe(0);
    expect(byName.results.map((r) => r.task)).toEqual(['two', 'three']);
    const byRoleName = await project.run({ startAtTask: 'pbx : second role task' });
    expect(byRoleName.results.map((r) => r.task)).toEqual(['pbx : second role task', 'one', 'two', 'three']);
  });

  it('is not rejected before the run when a dynamic include may hold the task', async () => {
    project = await Project.create({
      'hosts.ini': LOCAL_HOSTS,
      'site.yml': `- hosts: h1\n  gather_facts: false\n  tasks:\n${tasks(['one'])}\n    - include_tasks: more.yml\n`,
      'more.yml': tasks(['included']).replace(/^ {4}/gm, ''),
    });
    const out = await project.run({ startAtTask: 'included' });
    expect(out.stderr).not.toMatch(/No matching task/);
    expect(out.code).toBe(0);
  });
});
