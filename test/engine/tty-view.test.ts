import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';

/**
 * The terminal view (listr2, the default on a terminal) shows what the plain view shows. Each
 * run happens in a real terminal, a tmux pane on a tmux server of this test's own, and the test
 * reads the screen (with its scroll-back) when the run has printed its exit code.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/play.js');
const SOCKET = `play-tty-test-${process.pid}`;
const run = promisify(execFile);

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tmux = (...args: string[]): Promise<{ stdout: string }> => run('tmux', ['-L', SOCKET, ...args]);
const screen = async (session: string): Promise<string> => (await tmux('capture-pane', '-p', '-J', '-t', session, '-S', '-')).stdout;

/**
 * Runs `command` in a new terminal; each time a --step prompt appears, answers it with the next
 * of `answers`. Returns the screen once the command has ended (polls are counted, not timed).
 */
async function inTerminal(session: string, command: string, answers: string[] = []): Promise<{ text: string; code: number }> {
  await tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '50', '-c', project.dir, `${command}; echo EXIT=$?; sleep 600`);
  let answered = 0;
  for (let poll = 0; poll < 1200; poll++) {
    const text = await screen(session);
    const exit = /EXIT=(\d+)/.exec(text);
    if (exit) return { text, code: Number(exit[1]) };
    const prompts = text.split('Perform task:').length - 1;
    if (prompts > answered && answered < answers.length) await tmux('send-keys', '-t', session, answers[answered++] ?? '', 'Enter');
    await sleep(250);
  }
  throw new Error(`the run in the terminal did not end:\n${await screen(session)}`);
}

const PLAYBOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - name: say something
      debug: { msg: "memory is low on {{ inventory_hostname }}" }
    - name: write a file
      copy: { content: "v={{ inventory_hostname }}\\n", dest: "{{dir}}/out-{{ inventory_hostname }}" }
    - name: only on h1
      debug: { msg: only h1 }
      when: inventory_hostname == 'h1'
    - name: an ignored failure
      command: sh -c 'echo some-out; echo some-err >&2; exit 4'
      when: inventory_hostname == 'h3'
      ignore_errors: true
    - name: a loop
      debug: { msg: "item {{ item }}" }
      loop: [a, b]
      when: inventory_hostname == 'h1'
    - name: a warning
      lineinfile: { path: "{{dir}}/warn-{{ inventory_hostname }}", regexp: '', line: x, create: true }
      when: inventory_hostname == 'h1'
    - name: a failure
      command: sh -c 'seq 1 30; echo bad-err >&2; exit 5'
      when: inventory_hostname == 'h2'
`;

const STEPS = `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - { name: first, debug: { msg: one } }
    - { name: second, command: "false", when: inventory_hostname == 'h2' }
    - { name: third, debug: { msg: three } }
`;

const HOSTS = 'h1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n';

let project: Project;
// the binary runs the compiled code, which the global setup builds when a source is newer
beforeAll(async () => {
  project = await Project.create({ 'hosts.ini': HOSTS, 'site.yml': PLAYBOOK, 'steps.yml': STEPS });
});
afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await project?.remove();
});

const play = (args: string): string => `env -u CI ${process.execPath} ${CLI} run -i hosts.ini ${args}`;

describe.skipIf(!hasTmux())('the terminal view', () => {
  let view: { text: string; code: number };
  beforeAll(async () => {
    view = await inTerminal('run', play('site.yml --diff'));
  }, 180_000);

  it('is the live view (not the plain one) and ends with the recap and exit code', () => {
    expect(view.text).toMatch(/✔ TASK \[say something\]/);
    expect(view.text).toContain('PLAY RECAP');
    expect(view.code).toBe(2);
  });

  it('shows debug messages, with their host', () => {
    for (const h of ['h1', 'h2', 'h3']) expect(view.text).toContain(`${h}: memory is low on ${h}`);
    expect(view.text).toMatch(/h1 \(item=a\): item a\n\s+h1 \(item=b\): item b/);
  });

  it('shows warnings', () => {
    expect(view.text).toMatch(/\[WARNING\]: \[h1\] The regular expression is an empty string, which will match every line/);
  });

  it('shows a failure with its rc and the tails of stderr and stdout', () => {
    expect(view.text).toContain('✖ h2: FAILED rc=5: non-zero return code');
    expect(view.text).toMatch(/stderr:\n\s+bad-err\n/);
    expect(view.text).toMatch(/stdout \(last 10 of 30 lines\):\n(\s+\d+\n){10}/);
    expect(view.text).toMatch(/\s30\n/);
    expect(view.text).not.toMatch(/^\s+20$/m);
  });

  it('labels every diff with its host', () => {
    const diffs = view.text.split('--- before:').length - 1;
    expect(diffs).toBe(4); // three copies, and the file the warning task created
    for (const h of ['h1', 'h2', 'h3']) expect(view.text).toContain(`[${h}] ${project.dir}/out-${h}\n--- before: ${project.dir}/out-${h}`);
    expect(view.text).toContain(`[h1] ${project.dir}/warn-h1\n--- before: ${project.dir}/warn-h1`);
  });

  it('marks an ignored failure as ignored, not as changed', () => {
    const task = view.text.slice(view.text.indexOf('TASK [an ignored failure]'), view.text.indexOf('TASK [a loop]'));
    expect(task).toContain('h3: FAILED (ignored) rc=4: non-zero return code');
    expect(task).toContain('...ignoring');
    expect(task).not.toContain('h3: changed');
  });

  it('gives a skipped host one line', () => {
    const task = view.text.slice(view.text.indexOf('TASK [only on h1]'), view.text.indexOf('TASK [an ignored failure]'));
    expect(task.split('\n').filter((l) => l.includes('h2'))).toEqual(['  ↓ h2: skipped']);
  });

  it('collapses the live details when the task ends: no progress lines are left', () => {
    expect(view.text).not.toMatch(/item=a: ok|› /);
  });
});

describe.skipIf(!hasTmux())('--step in the terminal view', () => {
  it('shows every prompt, typed answers', async () => {
    const { text, code } = await inTerminal('typed', play('steps.yml --step'), ['y', 'n', 'y']);
    expect(text.match(/Perform task: TASK: \w+ \(N\)o\/\(y\)es\/\(c\)ontinue: [yn]\n/g)).toHaveLength(3);
    expect(text).toContain('h1: three');
    expect(text).not.toContain('TASK [second]');
    expect(text).toContain('PLAY RECAP');
    expect(code).toBe(0);
  }, 120_000);

  it('answers piped in: each used once, the rest no, then the recap and the exit code of the run', async () => {
    const { text, code } = await inTerminal('piped', `printf 'y\\ny\\n' | ${play('steps.yml --step')}`);
    expect(text).toContain('Perform task: TASK: first (N)o/(y)es/(c)ontinue: y');
    expect(text).toContain('Perform task: TASK: second (N)o/(y)es/(c)ontinue: y');
    expect(text).toContain('Perform task: TASK: third (N)o/(y)es/(c)ontinue: no (end of input)');
    expect(text).toContain('✖ h2: FAILED rc=1');
    expect(text).toContain('PLAY RECAP');
    expect(code).toBe(2);
  }, 120_000);
});
