import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshStats } from '../../src/connection/ssh-connect.js';
import { labPaths } from '../../src/lab/index.js';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { Project } from '../support/project.js';

/** The SSH transport through the executor, against lab hosts: sudo with a password, reuse, jump. */
const V2 = '127.0.10.156';
const KVM = '127.0.10.153';
const USER = 'playstudent';
const PASSWORD = 'Stud3nt-sudo-pw';
const paths = labPaths();
const key = `ansible_ssh_private_key_file=${paths.privateKey} play_known_hosts_file=${paths.knownHosts}`;

async function root(address: string, command: string): Promise<string> {
  const r = await sshRun(address, command);
  if (r.rc !== 0) throw new Error(`${command}: rc ${r.rc}: ${r.stderr}`);
  return r.stdout;
}

describe.runIf(labTestsEnabled)('SSH against lab hosts', () => {
  let project: Project;
  beforeAll(async () => {
    // a user who logs in with the lab key and may sudo only with a password
    await root(
      V2,
      `id ${USER} >/dev/null 2>&1 || useradd -m -s /bin/sh ${USER}; echo '${USER}:${PASSWORD}' | chpasswd; ` +
        `mkdir -p /home/${USER}/.ssh && cp /root/.ssh/authorized_keys /home/${USER}/.ssh/ && chown -R ${USER} /home/${USER}/.ssh; ` +
        `echo '${USER} ALL=(ALL) ALL' > /etc/sudoers.d/${USER} && chmod 0440 /etc/sudoers.d/${USER}`,
    );
    project = await Project.create({});
  });
  afterAll(async () => {
    await root(V2, `rm -f /etc/sudoers.d/${USER}; userdel -r ${USER} 2>/dev/null; true`);
    await project.remove();
  });

  it('becomes root with sudo and a password, which appears nowhere', async () => {
    await project.write({
      'hosts.ini': `v2 ansible_host=${V2} ansible_user=${USER} ${key} ansible_become_password=${PASSWORD}\n`,
      'site.yml': `
- hosts: v2
  gather_facts: false
  become: true
  tasks:
    - name: who am I
      command: id -u
      register: who
    - name: write as root
      copy: { dest: /root/play-become-test, content: "{{ who.stdout }}" }
    - assert: { that: "who.stdout == '0'" }
`,
    });
    const out = await project.run({ verbose: 2 });
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain(PASSWORD);
    expect(await root(V2, 'cat /root/play-become-test; rm -f /root/play-become-test')).toBe('0');
  });

  it('a wrong sudo password fails the host quickly with a clear message', async () => {
    await project.write({
      'hosts.ini': `v2 ansible_host=${V2} ansible_user=${USER} ${key} ansible_become_password=wrong-one\n`,
      'site.yml': '- hosts: v2\n  gather_facts: false\n  become: true\n  tasks:\n    - command: id -u\n',
    });
    const started = Date.now();
    const out = await project.run({ json: false });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(out.code).not.toBe(0);
    expect(out.stdout).toMatch(/incorrect sudo password/);
    expect(out.stdout).not.toContain('wrong-one');
  });

  it('opens one TCP connection per host for a 50-task play', async () => {
    const tasks = Array.from({ length: 50 }, (_, i) => `    - name: task ${i}\n      command: "true"`).join('\n');
    await project.write({
      'hosts.ini': `v2 ansible_host=${V2} ansible_user=root ${key}\n`,
      'site.yml': `- hosts: v2\n  tasks:\n${tasks}\n`,
    });
    const before = sshStats.connectionsOpened;
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(out.recap.v2).toMatchObject({ ok: 51, failed: 0 });
    expect(sshStats.connectionsOpened - before).toBe(1);
  });

  it('reaches a guest through the kvm host as a jump host', async () => {
    await project.write({
      'hosts.ini': `v2 ansible_host=${V2} ansible_user=root ${key} play_jump_host=root@${KVM}:22\n`,
      'site.yml': '- hosts: v2\n  gather_facts: false\n  tasks:\n    - command: cat /etc/hostname\n      register: h\n    - assert: { that: "h.stdout == \'virtual2\'" }\n',
    });
    const before = sshStats.connectionsOpened;
    const out = await project.run();
    expect(out.code).toBe(0);
    expect(sshStats.connectionsOpened - before).toBe(2); // the jump host, then the guest through it
    // kvmhost's sshd saw the forwarding connection
    expect(await readFile(paths.knownHosts, 'utf8')).toContain(KVM);
  });
});
