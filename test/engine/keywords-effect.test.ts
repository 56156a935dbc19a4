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

  it('async with poll 0 leaves the job running: the next tasks run while it waits, async_status sees it finish', async () => {
    const { out, project: p } = await run(
      `
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - shell: while [ ! -e go ]; do sleep 0.1; done; cat > out
      args: { chdir: "{{dir}}", stdin: from stdin }
      async: 60
      poll: 0
      register: job
    - stat: { path: "{{dir}}/out" }
      register: before
    - copy: { dest: "{{dir}}/go", content: "" }
    - async_status: { jid: "{{ job.ansible_job_id }}" }
      register: done
      until: done.finished
      retries: 50
      delay: 1
    - copy: { dest: "{{dir}}/seen", content: "{{ before.stat.exists }} {{ done.rc }} {{ job.finished }} {{ done.finished }}" }
    - async_status: { jid: "{{ job.ansible_job_id }}", mode: cleanup }
      register: cleaned
    - stat: { path: "{{ cleaned.erased }}" }
      register: erased
    - copy: { dest: "{{dir}}/erased", content: "{{ 'still there' if erased.stat.exists else 'erased' }}" }
`,
      'h1\n',
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(await readFile(p.path('seen'), 'utf8')).toBe('False 0 0 1');
    expect(await readFile(p.path('out'), 'utf8')).toBe('from stdin\n');
    expect(await readFile(p.path('erased'), 'utf8')).toBe('erased');
  });

  it('async on a block is not a keyword, and async must be a number of seconds', async () => {
    const block = await run(`
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - block:
        - command: "true"
      async: 60
`);
    expect(block.out.code).not.toBe(0);
    expect(block.out.stderr).toMatch(/async/);
    expect(block.out.results).toEqual([]);
    await project?.remove();
    project = undefined;
    const { out } = await run(`
- hosts: all
  connection: local
  gather_facts: false
  tasks:
    - command: "true"
      async: soon
`, 'h1\n');
    expect(out.code).not.toBe(0);
    expect(out.results.map((r) => [r.status, r.msg])).toEqual([['failed', expect.stringMatching(/async must be a whole number of seconds, got "soon"/)]]);
  });
});
