import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabHost } from '../../src/lab/index.js';
import { labDown, labPathsSharingBase, labReset, labStatus, labUp } from '../../src/lab/index.js';
import { currentBoot } from '../../src/lab/boot.js';
import { hostDirs } from '../../src/lab/hosts.js';
import { waitFor } from '../../src/lab/proc.js';
import { labSsh } from '../../src/lab/ssh.js';
import { readState } from '../../src/lab/state.js';
import { Project, type RunOutput } from '../support/project.js';
import { hasAnsible } from '../support/ansible.js';
import { labTestsEnabled, pidsInNamespace } from './lab-support.js';

/**
 * `reboot` end to end on a lab of its own (the default lab's base, its own root and addresses):
 * a lab host restarts as a container does — every process of it ends, it boots again from its
 * init script with the same layer on the same address, with a new boot id.
 *   PLAY_LAB=1 npx vitest run test/lab/reboot.test.ts
 */
const paths = labPathsSharingBase('reboot-lab');
const target: LabHost = { name: 'reboot-a', address: '127.0.13.201', kvm: false };
/** With Python: Ansible's own reboot module is run on it too. */
const other: LabHost = { name: 'reboot-b', address: '127.0.13.202', kvm: false, python: true };
const hosts = [target, other];

const INVENTORY = hosts
  .map((h) => `${h.name} ansible_host=${h.address} ansible_user=root ansible_ssh_private_key_file=${paths.privateKey} play_known_hosts_file=${paths.knownHosts}`)
  .join('\n');

async function ssh(host: LabHost, command: string): Promise<string> {
  const r = await labSsh(paths, host.address, command);
  if (r.rc !== 0) throw new Error(`${host.name}: ${command}: rc ${r.rc}: ${r.stderr}`);
  return r.stdout;
}

const bootId = async (host: LabHost): Promise<string> => (await ssh(host, 'cat /proc/sys/kernel/random/boot_id')).trim();

/** Runs tasks on a host (the target by default); the registered results named in `show` come back as data. */
async function play(tasks: string, show: string[], host: LabHost = target): Promise<{ out: RunOutput; vars: Record<string, Record<string, unknown>> }> {
  const debug = `    - name: show\n      debug: { msg: "{{ {${show.map((v) => `'${v}': ${v}`).join(', ')}} | to_json }}" }\n`;
  const project = await Project.create({ 'hosts.ini': `${INVENTORY}\n`, 'site.yml': `- hosts: ${host.name}\n  gather_facts: false\n  tasks:\n${tasks}${debug}` });
  try {
    const out = await project.run();
    const shown = out.results.find((r) => r.task === 'show')?.msg;
    return { out, vars: shown ? (JSON.parse(shown) as Record<string, Record<string, unknown>>) : {} };
  } finally {
    await project.remove();
  }
}

/** The differential harness's stdout callback: one JSON line per task result. */
const CALLBACKS = fileURLToPath(new URL('../compat/callback', import.meta.url));

/** `ansible-playbook` on the Python host: what its tasks registered as `r`. */
async function ansible(tasks: string): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'play-reboot-ansible-'));
  try {
    const inventory = `${other.name} ansible_host=${other.address} ansible_user=root ansible_ssh_private_key_file=${paths.privateKey} ansible_python_interpreter=/usr/bin/python3 ansible_ssh_common_args="-o UserKnownHostsFile=${paths.knownHosts} -o StrictHostKeyChecking=yes"\n`;
    await writeFile(join(dir, 'hosts.ini'), inventory);
    const show = '    - name: show\n      debug: { msg: "{{ r | to_json }}" }\n';
    await writeFile(join(dir, 'site.yml'), `- hosts: ${other.name}\n  gather_facts: false\n  tasks:\n${tasks}${show}`);
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANSIBLE_'))),
      HOME: dir,
      ANSIBLE_CONFIG: join(dir, 'none.cfg'),
      ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
      ANSIBLE_CALLBACK_PLUGINS: CALLBACKS,
      ANSIBLE_STDOUT_CALLBACK: 'compat_lines',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('ansible-playbook', ['-i', 'hosts.ini', 'site.yml'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 }, (err, out, errOut) =>
        err && !out.includes('"recap"') ? reject(new Error(`ansible-playbook: ${err.message}\n${out}\n${errOut}`)) : resolve(out),
      ),
    );
    const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; task?: string; result?: Record<string, unknown> });
    const shown = lines.find((l) => l.event === 'result' && l.task === 'show')?.result?.msg;
    if (typeof shown !== 'string') throw new Error(`ansible-playbook registered nothing:\n${stdout}`);
    return JSON.parse(shown) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fields of a registered result that a module returns (not Ansible's own bookkeeping). */
const moduleFields = (r: Record<string, unknown>): string[] => Object.keys(r).filter((k) => !k.startsWith('_ansible') && k !== 'action' && k !== 'invocation').sort();

const status = (out: RunOutput, task: string): string | undefined => out.results.find((r) => r.task === task)?.status;

/** Every process of the machine whose command line names `text` (the supervisor's holds the host's paths). */
async function processesNaming(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    if ((await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).includes(text)) found.push(Number(entry));
  }
  return found;
}

async function recorded(host: LabHost) {
  const rec = (await readState(paths.state)).hosts[host.name];
  if (!rec?.supervisor) throw new Error(`${host.name} has no supervised record`);
  return { rec, supervisor: rec.supervisor };
}

const upOf = async (host: LabHost) => (await labStatus({ paths, hosts })).find((s) => s.name === host.name);

describe.runIf(labTestsEnabled)('reboot on a lab host', () => {
  beforeAll(async () => {
    await labReset({ paths, hosts });
    await labUp({ paths, hosts, existingBase: true });
  }, 300_000);
  afterAll(async () => {
    await labDown({ paths });
    await rm(paths.root, { recursive: true, force: true });
  }, 120_000);

  it("restarts the host with play's defaults: new boot id, processes gone, files kept, the other host untouched", async () => {
    const otherBoot = await bootId(other);
    const otherPid = (await upOf(other))?.pid;
    const targetPid = (await upOf(target))?.pid;
    const { supervisor } = await recorded(target);
    const { out, vars } = await play(
      `    - name: before
      shell: |
        cat /proc/sys/kernel/random/boot_id
        echo kept > /root/reboot-marker
        nohup sleep 10000 >/dev/null 2>&1 &
      register: before
    - name: reboot
      reboot:
      register: r
    - name: after
      shell: |
        cat /proc/sys/kernel/random/boot_id
        cat /root/reboot-marker
        pgrep -f 'sleep 1000[0]' || echo no-sleeper
      register: after
`,
      ['before', 'r', 'after'],
    );
    expect(out.code, out.stderr).toBe(0);
    expect(status(out, 'reboot')).toBe('changed');
    // Ansible's RETURN: rebooted and elapsed, always
    expect(vars.r).toMatchObject({ changed: true, rebooted: true });
    expect(typeof vars.r?.elapsed).toBe('number');
    const [bootBefore] = vars.before?.stdout_lines as string[];
    const [bootAfter, marker, sleeper] = vars.after?.stdout_lines as string[];
    expect(bootAfter).toMatch(/^[0-9a-f-]{36}$/);
    expect(bootAfter).not.toBe(bootBefore);
    expect(marker).toBe('kept');
    expect(sleeper).toBe('no-sleeper');
    // the lab still knows the host: up, under the same supervisor, with its new init
    const now = await upOf(target);
    expect(now?.up).toBe(true);
    expect(now?.pid).toBeDefined();
    expect(now?.pid).not.toBe(targetPid);
    expect((await recorded(target)).supervisor).toEqual(supervisor);
    expect((await currentBoot(supervisor))?.init.pid).toBe(now?.pid);
    // the other host did not restart
    expect(await bootId(other)).toBe(otherBoot);
    expect((await upOf(other))?.pid).toBe(otherPid);
  });

  it('restarts with reboot_command, test_command and post_reboot_delay', async () => {
    const before = await bootId(target);
    const { out, vars } = await play(
      `    - name: reboot
      reboot: { reboot_command: "reboot -f", test_command: "test -e /run/lab-host && whoami", post_reboot_delay: 2 }
      register: r
`,
      ['r'],
    );
    expect(out.code, out.stderr).toBe(0);
    expect(vars.r).toMatchObject({ changed: true, rebooted: true });
    // elapsed counts from the reboot command, so it holds the post-reboot delay
    expect(vars.r?.elapsed as number).toBeGreaterThanOrEqual(2);
    expect(await bootId(target)).not.toBe(before);
  });

  it("fails with Ansible's timeout message when the host never restarts", async () => {
    const before = await bootId(target);
    const { out, vars } = await play(
      `    - name: reboot
      reboot: { reboot_command: "true", reboot_timeout: 3 }
      register: r
      ignore_errors: true
`,
      ['r'],
    );
    expect(status(out, 'reboot')).toBe('failed');
    expect(out.results.find((r) => r.task === 'reboot')?.msg).toBe('Timed out waiting for last boot time check (timeout=3)');
    // as Ansible's: not changed, yet rebooted (the reboot command ran)
    expect(vars.r).toMatchObject({ failed: true, changed: false, rebooted: true, msg: 'Timed out waiting for last boot time check (timeout=3)' });
    expect(vars.r?.elapsed as number).toBeGreaterThanOrEqual(3);
    expect(await bootId(target)).toBe(before);
  });

  it('is started once by `up` while it restarts', async () => {
    const { rec, supervisor } = await recorded(target);
    const init = (await currentBoot(supervisor))?.init;
    await ssh(target, 'reboot');
    // the reboot happens a second after the command: wait until the old init is gone
    expect(await waitFor(async () => (await currentBoot(supervisor))?.init.pid !== init?.pid, 60_000, 50)).toBe(true);
    await labUp({ paths, hosts, existingBase: true });
    expect((await recorded(target)).supervisor).toEqual(supervisor);
    expect((await readState(paths.state)).hosts[target.name]?.startedAt).toBe(rec.startedAt);
    // one namespace for the host: one unshare naming its layer
    const unshares = [];
    for (const pid of await processesNaming(hostDirs(paths, target.name).upper))
      if ((await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() === 'unshare') unshares.push(pid);
    expect(unshares).toHaveLength(1);
    expect((await upOf(target))?.up).toBe(true);
  });

  it('stops for good on halt, and comes back with its layer on `up`', async () => {
    const { supervisor } = await recorded(target);
    await ssh(target, 'halt');
    expect(await waitFor(async () => (await processesNaming(hostDirs(paths, target.name).upper)).length === 0, 60_000, 100)).toBe(true);
    expect((await upOf(target))?.up).toBe(false);
    await labUp({ paths, hosts, existingBase: true });
    expect((await recorded(target)).supervisor).not.toEqual(supervisor);
    expect((await ssh(target, 'cat /root/reboot-marker')).trim()).toBe('kept');
  });

  it.runIf(hasAnsible())("Ansible's own reboot restarts a lab host too, and returns the fields play returns", async () => {
    const before = await bootId(other);
    const theirs = await ansible('    - name: reboot\n      reboot:\n      register: r\n');
    expect(theirs).toMatchObject({ changed: true, rebooted: true });
    const between = await bootId(other);
    expect(between).not.toBe(before);
    const { out, vars } = await play('    - name: reboot\n      reboot:\n      register: r\n', ['r'], other);
    expect(out.code, out.stderr).toBe(0);
    expect(await bootId(other)).not.toBe(between);
    expect(moduleFields(vars.r ?? {})).toEqual(moduleFields(theirs));
    // and a reboot that never comes back fails the same way in both
    const never = '    - name: reboot\n      reboot: { reboot_command: "true", reboot_timeout: 3 }\n      register: r\n      ignore_errors: true\n';
    const theirsFailed = await ansible(never);
    const oursFailed = (await play(never, ['r'], other)).vars.r ?? {};
    expect(moduleFields(oursFailed)).toEqual(moduleFields(theirsFailed));
    const same = (r: Record<string, unknown>) => ({ changed: r.changed, failed: r.failed, rebooted: r.rebooted, msg: r.msg });
    expect(same(oursFailed)).toEqual(same(theirsFailed));
  });

  it('down after a restart leaves no process of the host, supervisor and namespace alike', async () => {
    const before = await bootId(target);
    await ssh(target, 'reboot');
    const { supervisor } = await recorded(target);
    expect(await waitFor(async () => (await bootId(target).catch(() => before)) !== before, 60_000, 200)).toBe(true);
    const init = (await currentBoot(supervisor))?.init;
    if (!init) throw new Error('no init');
    const ns = await readlink(`/proc/${init.pid}/ns/pid`);
    await labDown({ paths, names: [target.name] });
    expect(await pidsInNamespace(ns)).toEqual([]);
    expect(await processesNaming(hostDirs(paths, target.name).upper)).toEqual([]);
    expect((await upOf(other))?.up).toBe(true);
  });
});
