import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/** Round trips per host, as the --json recap reports them (every exec, put and get is one). */

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const HOSTS = `[web]
h1 ansible_connection=local
h2 ansible_connection=local
`;

describe('round-trip counting', () => {
  it('counts one per command, none for controller-only tasks, per host', async () => {
    project = await Project.create({
      'hosts.ini': HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  tasks:
    - debug: { msg: "controller only" }
    - command: "true"
    - command: "true"
      when: inventory_hostname == 'h1'
`,
    });
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.roundTrips).toEqual({ h1: 2, h2: 1 });
  });

  it('leaves hosts that never needed a connection out', async () => {
    project = await Project.create({
      'hosts.ini': HOSTS,
      'site.yml': `
- hosts: web
  gather_facts: false
  tasks:
    - debug: { msg: "nothing remote" }
`,
    });
    const out = await project.run();
    expect(out.roundTrips).toEqual({});
  });
});
