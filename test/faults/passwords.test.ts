import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPaths } from '../../src/lab/index.js';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { Project } from '../support/project.js';
import { faultHost, faultReset, faultUp, processArgs } from './fault-hosts.js';

/**
 * Become and SSH passwords never appear in output, process arguments or temp files; temp files
 * on the target are 0600 and removed. On an own lab host, user alice needs her password for sudo;
 * play logs in as alice with the lab key (and, through a second sshd that allows passwords, with
 * her password), becomes root, writes files and runs a slow command, while the controller's and
 * the target's `ps -eo args` are scanned and the target watches its temp files.
 */
const host = faultHost(7);
const PASSWORD = `Pw-${randomBytes(6).toString('hex')}-alice`;
const PW_PORT = 2222;
const BIG = randomBytes(32 * 1024 * 1024).toString('base64');

function sh(cmd: string): Promise<string> {
  return new Promise((resolve) => execFile('sh', ['-c', cmd], { maxBuffer: 64 * 1024 * 1024 }, (_e, out) => resolve(out)));
}

describe.runIf(labTestsEnabled)('passwords stay secret', () => {
  let project: Project;
  beforeAll(async () => {
    await faultReset([host]);
    await faultUp([host]);
    const setup = [
      'useradd -m -s /bin/sh alice',
      `echo 'alice:${PASSWORD}' | chpasswd`,
      "echo 'alice ALL=(ALL:ALL) ALL' > /etc/sudoers.d/alice && chmod 0440 /etc/sudoers.d/alice",
      'mkdir -p /home/alice/.ssh && cp /root/.ssh/authorized_keys /home/alice/.ssh/ && chown -R alice: /home/alice/.ssh',
      `/usr/sbin/sshd -o ListenAddress=${host.address}:${PW_PORT} -o PasswordAuthentication=yes -o PermitRootLogin=no -o UsePAM=no -o PidFile=/run/sshd-pw.pid`,
      'touch /run/play-marker && echo ready',
    ].join(' && ');
    expect((await sshRun(host.address, setup)).stdout.trim()).toBe('ready');
    // sudo really asks alice for a password
    expect((await sshRun(host.address, 'su alice -c "sudo -n true" 2>&1; echo rc=$?')).stdout).toMatch(/password is required[\s\S]*rc=1/);
    const keys = (await readFile(labPaths().knownHosts, 'utf8')).split('\n').filter((l) => l.startsWith(`${host.name},`));
    project = await Project.create({
      known_hosts: keys.map((l) => `${l}\n${l.replace(/^\S+/, `[${host.address}]:${PW_PORT}`)}`).join('\n') + '\n',
      big: BIG,
      'hosts.ini': `[alice]
by-key ansible_host=${host.address} ansible_ssh_private_key_file=${labPaths().privateKey}
by-password ansible_host=${host.address} ansible_port=${PW_PORT} ansible_password=${PASSWORD}

[alice:vars]
ansible_user=alice
ansible_become_password=${PASSWORD}
play_known_hosts_file={{dir}}/known_hosts
`,
      'site.yml': `
- hosts: alice
  gather_facts: false
  become: true
  serial: 1
  tasks:
    - name: who am I
      command: id -un
    - name: slow, as root
      shell: sleep 2; echo done
    - name: a big file, as root
      copy: { src: big, dest: "/root/big-{{ inventory_hostname }}", mode: "0640" }
    - name: a small file, as root
      copy: { dest: "/root/small-{{ inventory_hostname }}", content: "x\\n" }
`,
    });
  }, 600_000);
  afterAll(async () => {
    await project?.remove();
    await faultReset([host]);
  }, 120_000);

  it('the scans see what runs on the target (control: they would find a password in argv)', async () => {
    const control = `control-${randomBytes(4).toString('hex')}`;
    const running = sshRun(host.address, `sh -c 'sleep 1.5; true' ${control}`);
    await new Promise((r) => setTimeout(r, 700));
    expect(await processArgs()).toContain(control);
    expect((await sshRun(host.address, 'ps -eo args')).stdout).toContain(control);
    await running;
  }, 30_000);

  it('never shows them: output, process arguments, temp files; temp files are 0600 and removed', async () => {
    await sh('touch /tmp/play-password-scan-start');
    // the target watches its temp files while play writes
    const watch = sshRun(host.address, "for i in $(seq 1 1500); do find /root /tmp /var/tmp /home/alice -name '.play-tmp.*' -printf '%m %s %p\\n' 2>/dev/null; sleep 0.01; done", 60_000);
    const scans: string[] = [];
    let scanning = true;
    const scanner = (async () => {
      while (scanning) {
        scans.push(await processArgs());
        scans.push((await sshRun(host.address, 'ps -eo args')).stdout);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const json = await project.run({ inventory: [project.path('hosts.ini')], diff: true, verbose: 3 });
    await project.run({ inventory: [project.path('hosts.ini')], json: false, verbose: 3 }); // console at -vvv too
    scanning = false;
    await scanner;
    const watched = (await watch).stdout;

    expect(json.code).toBe(0);
    expect(json.results.filter((r) => r.task === 'who am I').map((r) => r.host).sort()).toEqual(['by-key', 'by-password']);
    expect(json.stdout + json.stderr).not.toContain(PASSWORD);
    expect(scans.length).toBeGreaterThan(10);
    expect(scans.some((s) => s.includes('sleep 2'))).toBe(true); // the scans saw the run
    for (const s of scans) expect(s).not.toContain(PASSWORD);
    // temp files: seen while the big file was written; 0600 until the whole content is in (then
    // the final mode, just before the rename), and gone afterwards
    const seen = watched.split('\n').filter(Boolean).map((l) => l.split(' '));
    expect(seen.length).toBeGreaterThan(0);
    const whole = [BIG.length, 2]; // the big file's and the small file's full sizes
    for (const [mode, size] of seen) if (mode !== '600') expect(whole).toContain(Number(size));
    expect(seen.some(([mode, size]) => mode === '600' && Number(size) < BIG.length)).toBe(true);
    const leftovers = await sshRun(host.address, "find / -xdev -name '.play-tmp.*' 2>/dev/null; find /tmp /var/tmp /home/alice /root -newer /run/play-marker -type f ! -name 'big-*' ! -name 'small-*' 2>/dev/null");
    expect(leftovers.stdout.trim()).toBe('');
    expect((await sshRun(host.address, `grep -rlF -D skip -- '${PASSWORD}' /tmp /var/tmp /home /root /run /var/log 2>/dev/null || echo none`, 60_000)).stdout.trim()).toBe('none');
    expect((await sshRun(host.address, 'stat -c "%a %U" /root/big-by-key /root/small-by-password')).stdout).toBe('640 root\n644 root\n');
    // the controller's temp files
    const controllerFiles = await sh("find /tmp -newer /tmp/play-password-scan-start -type f -size -8M 2>/dev/null | grep -v '/tmp/play-password-scan-start'");
    for (const f of controllerFiles.split('\n').filter(Boolean)) {
      const text = await readFile(f, 'latin1').catch(() => '');
      expect(text.includes(PASSWORD), f).toBe(false);
    }
  }, 300_000);
});
