import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/** Keywords that used to be accepted and ignored: each now acts, or refuses by name. */
let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

async function run(site: string, hosts = 'h1\nh2\nh3\n', extraVars: string[] = []) {
  project = await Project.create({ 'hosts.ini': hosts, 'site.yml': site });
  return { out: await project.run({ extraVars }), project };
}

describe('connection, throttle, vars_prompt, async', () => {
  it('connection: local on the play runs hosts that have no ansible_connection locally', async () => {
    const { out, project: p } = await run(`
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - shell: echo {{ inventory_hostname }} >> {{dir}}/ran
`);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect((await readFile(p.path('ran'), 'utf8')).split('\n').filter(Boolean).sort()).toEqual(['h1', 'h2', 'h3']);
  });

  it("a host's ansible_connection wins over the connection keyword", async () => {
    const { out } = await run(
      `
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - command: "true"
`,
      'h1\nh2 ansible_connection=nosuch\n',
    );
    expect(out.code).not.toBe(0);
    expect(`${out.stderr}${out.stdout}`).toMatch(/nosuch/);
  });

  it('throttle: 1 runs the task on one host at a time', async () => {
    const { out, project: p } = await run(`
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - shell: echo start >> {{dir}}/log; sleep 0.2; echo end >> {{dir}}/log
      throttle: 1
`);
    expect(out.code).toBe(0);
    // one at a time: every start is followed by its end before the next start
    expect(await readFile(p.path('log'), 'utf8')).toBe('start\nend\n'.repeat(3));
  });

  it('vars_prompt: -e gives the value; with no terminal and no -e the run stops naming the variable', async () => {
    const site = `
- hosts: all
  connection: local
  gather_facts: false
  vars_prompt:
    - name: release
      prompt: Which release?
  tasks:
    - copy: { dest: "{{dir}}/release", content: "{{ release }}" }
`;
    const given = await run(site, 'h1\n', ['release=7.2']);
    expect(given.out.code).toBe(0);
    expect(await readFile(given.project.path('release'), 'utf8')).toBe('7.2');
    await project?.remove();
    const missing = await run(site, 'h1\n');
    expect(missing.out.code).not.toBe(0);
    expect(missing.out.stderr).toMatch(/vars_prompt: 'release' must be asked, and there is no terminal/);
    expect(missing.out.stderr).toMatch(/-e release=/);
  });

  it('async and poll are refused by name, before anything runs', async () => {
    for (const kw of ['async: 60', 'poll: 0']) {
      const { out } = await run(`
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - command: sleep 1
      ${kw}
`);
      expect(out.code, kw).not.toBe(0);
      expect(out.stderr, kw).toMatch(new RegExp(`'${kw.split(':')[0]}' is not supported`));
      expect(out.results, kw).toEqual([]);
      await project?.remove();
      project = undefined;
    }
  });
});
