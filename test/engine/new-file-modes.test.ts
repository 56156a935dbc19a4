/**
 * Files and directories a task creates without `mode:` follow the target's umask, as with
 * Ansible: 0666 (0777) less the umask. Check mode predicts exactly that (a later `stat` in the
 * same check run sees the predicted mode), the real run makes it, and ansible-playbook makes the
 * same for the same playbook — run here where it is installed (always under CI).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project, type RunOutput } from '../support/project.js';

const haveAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;

const FILES = ['copy', 'template', 'touch', 'lineinfile', 'sub/lineinfile', 'blockinfile', 'validated'];
const DIRS = ['sub', 'dir', 'dir/a', 'dir/a/b'];

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - copy: { content: "a\\n", dest: "{{ t }}/copy" }
    - template: { src: t.j2, dest: "{{ t }}/template" }
    - file: { path: "{{ t }}/touch", state: touch }
    - lineinfile: { path: "{{ t }}/lineinfile", line: x, create: true }
    - lineinfile: { path: "{{ t }}/sub/lineinfile", line: x, create: true }
    - blockinfile: { path: "{{ t }}/blockinfile", block: x, create: true }
    - file: { path: "{{ t }}/dir/a/b", state: directory }
    - copy: { content: "a\\n", dest: "{{ t }}/validated", validate: "test -f %s" }
    - name: what the run made (in check mode, what it would make)
      stat: { path: "{{ t }}/{{ item }}" }
      loop: ${JSON.stringify([...FILES, ...DIRS])}
      register: made
    - name: record it
      copy:
        dest: "{{ t }}.modes"
        content: "{% for r in made.results %}{{ r.item }} {{ r.stat.mode }}\\n{% endfor %}"
      check_mode: false
`;

function expectedModes(umask: number): string {
  const fmt = (m: number): string => m.toString(8).padStart(4, '0');
  return [...FILES.map((f) => `${f} ${fmt(0o666 & ~umask)}`), ...DIRS.map((d) => `${d} ${fmt(0o777 & ~umask)}`)].join('\n') + '\n';
}

for (const umask of [0o077, 0o022]) {
  describe(`new files under umask 0${umask.toString(8)} (local connection)`, () => {
    let project: Project;
    let previous: number;
    let check: RunOutput;
    let real: RunOutput;
    beforeAll(async () => {
      previous = process.umask(umask);
      project = await Project.create({ 'hosts.ini': 'localhost ansible_connection=local\n', 'site.yml': PLAYBOOK, 'templates/t.j2': 'x={{ 1 }}\n' });
      for (const run of ['check', 'real', 'ansible']) await mkdir(project.path(run));
      check = await project.run({ check: true, extraVars: [`t=${project.path('check')}`] });
      real = await project.run({ extraVars: [`t=${project.path('real')}`] });
    }, 120_000);
    afterAll(async () => {
      process.umask(previous);
      await project?.remove();
    });

    it('check mode predicts the mode of every new file and directory', async () => {
      expect(check.code).toBe(0);
      expect(await readFile(project.path('check.modes'), 'utf8')).toBe(expectedModes(umask));
      // and created nothing
      expect(spawnSync('find', [project.path('check'), '-mindepth', '1']).stdout.toString()).toBe('');
    });

    it('the real run makes exactly the predicted modes', async () => {
      expect(real.code).toBe(0);
      expect(await readFile(project.path('real.modes'), 'utf8')).toBe(expectedModes(umask));
      for (const f of FILES) expect(((await stat(project.path(`real/${f}`))).mode & 0o7777).toString(8), f).toBe((0o666 & ~umask).toString(8));
    });

    it.skipIf(!haveAnsible && !process.env.CI)('ansible-playbook makes the same modes', async () => {
      const res = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', 'site.yml', '-e', `t=${project.path('ansible')}`], {
        cwd: project.dir,
        env: { ...process.env, ANSIBLE_LOCAL_TEMP: project.path('.ansible-tmp'), ANSIBLE_REMOTE_TEMP: project.path('.ansible-tmp'), ANSIBLE_PYTHON_INTERPRETER: 'auto_silent' },
        encoding: 'utf8',
      });
      expect(res.status, res.stdout + res.stderr).toBe(0);
      expect(await readFile(project.path('ansible.modes'), 'utf8')).toBe(expectedModes(umask));
    }, 120_000);
  });
}
