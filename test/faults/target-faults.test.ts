import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { Project } from '../support/project.js';
import { faultHost, faultInventory, faultReset, faultUp } from './fault-hosts.js';

/**
 * Faults on the targets (own lab hosts): a full disk where a file is written, a command that
 * hangs, Ctrl-C during a run (once: finish what runs; twice: stop at once). Files are replaced
 * atomically or not at all, and no temp file stays behind.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/play.js');
const hosts = [faultHost(4), faultHost(5)];
const h4 = hosts[0] as (typeof hosts)[number];
const ORIGINAL = 'original\n';
const LEFTOVERS = "find / -xdev \\( -name '.play-tmp.*' -o -name '.play-*' \\) -print 2>/dev/null; find /tmp /var/tmp /root -mindepth 1 -newer /etc/hostname -name '*play*' -print 2>/dev/null";

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `play run` as a process; `interrupt` sends SIGINT (once or twice) or SIGKILL when stdout shows `when`. */
function playRun(project: Project, interrupt?: { when: RegExp; times: 1 | 2; delayMs?: number; signal?: NodeJS.Signals }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', 'site.yml', '-i', 'hosts.ini'], { cwd: project.dir });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (interrupt && !sent && interrupt.when.test(stdout)) {
        sent = true;
        setTimeout(() => {
          child.kill(interrupt.signal ?? 'SIGINT');
          if (interrupt.times === 2) setTimeout(() => child.kill('SIGINT'), 100);
        }, interrupt.delayMs ?? 300);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha1 = (b: Buffer | string): string => createHash('sha1').update(b).digest('hex');

describe.runIf(labTestsEnabled)('faults on the targets', () => {
  let project: Project;
  beforeAll(async () => {
    await faultReset(hosts);
    await faultUp(hosts);
    project = await Project.create({ 'hosts.ini': faultInventory(hosts) });
  }, 600_000);
  afterAll(async () => {
    await project?.remove();
    await sshRun(h4.address, 'umount /srv/full 2>/dev/null; true').catch(() => undefined);
    await faultReset(hosts);
  }, 120_000);

  it('a full disk: the task fails clearly, the original file is intact, no temp file is left', async () => {
    const setup = await sshRun(h4.address, `mkdir -p /srv/full && mount -t tmpfs -o size=64k tmpfs /srv/full && printf '${ORIGINAL}' > /srv/full/app.conf && echo ok`);
    expect(setup.stdout.trim()).toBe('ok');
    await project.write({
      'big.txt': 'x'.repeat(256 * 1024),
      'site.yml': `
- hosts: ${h4.name}
  gather_facts: false
  tasks:
    - name: write where the disk is full
      copy: { src: big.txt, dest: /srv/full/app.conf }
`,
    });
    const out = await project.run({ inventory: [project.path('hosts.ini')] });
    expect(out.code).toBe(2);
    const r = out.results[0];
    expect(r?.status).toBe('failed');
    expect(r?.msg).toMatch(/\/srv\/full\/app\.conf.*No space left on device/);
    expect((await sshRun(h4.address, 'cat /srv/full/app.conf')).stdout).toBe(ORIGINAL);
    expect((await sshRun(h4.address, 'ls -A /srv/full')).stdout.trim()).toBe('app.conf');
  }, 60_000);

  it('a command that hangs is stopped by the timeout keyword, and nothing keeps running', async () => {
    await project.write({
      'site.yml': `
- hosts: ${h4.name}
  gather_facts: false
  tasks:
    - name: hangs
      command: sleep 1234
      timeout: 2
    - name: next
      command: "true"
`,
    });
    const started = Date.now();
    const out = await project.run({ inventory: [project.path('hosts.ini')] });
    // stopped after its 2 s, not run to its end, however busy the machine
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(out.code).toBe(2);
    expect(out.results[0]).toMatchObject({ task: 'hangs', status: 'failed' });
    expect(out.results[0]?.msg).toMatch(/timed out after 2 s/);
    expect(out.results.some((r) => r.task === 'next')).toBe(false);
    expect((await sshRun(h4.address, "pgrep -f '^sleep 1234' || echo none")).stdout.trim()).toBe('none');
  }, 60_000);

  for (const times of [1, 2] as const) {
    it(`Ctrl-C ${times === 1 ? 'once: running writes finish, no new task starts' : 'twice: stops at once'}, recap, exit 99, no temp files`, async () => {
      const big = randomBytes(48 * 1024 * 1024);
      await writeFile(project.path('big.bin'), big);
      for (const h of hosts) await sshRun(h.address, `rm -f /root/after; printf '${ORIGINAL}' > /root/big.bin`);
      await project.write({
        'site.yml': `
- hosts: faults
  gather_facts: false
  tasks:
    - name: big write
      copy: { src: big.bin, dest: /root/big.bin }
    - name: after
      copy: { dest: /root/after, content: "x\\n" }
`,
      });
      const out = await playRun(project, { when: /TASK \[big write\]/, times, delayMs: 200 });
      expect(out.code).toBe(99);
      expect(out.stderr).toMatch(/interrupted/);
      if (times === 1) expect(out.stdout).toMatch(/PLAY RECAP/);
      for (const h of hosts) {
        const sum = (await sshRun(h.address, 'sha1sum /root/big.bin')).stdout.split(' ')[0];
        if (times === 1) expect(sum).toBe(sha1(big)); // the running write finished
        else expect([sha1(ORIGINAL), sha1(big)]).toContain(sum); // replaced whole, or not at all
        expect((await sshRun(h.address, 'test -e /root/after && echo ran || echo not')).stdout.trim()).toBe('not');
        expect((await sshRun(h.address, LEFTOVERS)).stdout.trim()).toBe('');
      }
    }, 120_000);
  }

  it('the controller killed (kill -9) during a big write: each file is whole or untouched, no temp files', async () => {
    const big = randomBytes(48 * 1024 * 1024);
    await writeFile(project.path('big.bin'), big);
    await project.write({
      'site.yml': `
- hosts: faults
  gather_facts: false
  tasks:
    - name: big write
      copy: { src: big.bin, dest: /root/big.bin }
`,
    });
    const seen = new Set<string>();
    for (const delayMs of [100, 300, 500, 700, 900]) {
      for (const h of hosts) await sshRun(h.address, `printf '${ORIGINAL}' > /root/big.bin`);
      const out = await playRun(project, { when: /TASK \[big write\]/, times: 1, delayMs, signal: 'SIGKILL' });
      if (out.code !== null) continue; // the run finished before the kill
      await new Promise((r) => setTimeout(r, 500)); // the targets notice the closed connection
      for (const h of hosts) {
        const sum = (await sshRun(h.address, 'sha1sum /root/big.bin')).stdout.split(' ')[0] ?? '';
        expect([sha1(ORIGINAL), sha1(big)]).toContain(sum);
        seen.add(sum === sha1(big) ? 'replaced' : 'untouched');
        process.stderr.write(`[faults] kill -9 after ${delayMs} ms: ${h.name} ${sum === sha1(big) ? 'replaced' : 'untouched'}\n`);
        expect((await sshRun(h.address, LEFTOVERS)).stdout.trim()).toBe('');
      }
    }
    expect(seen.has('untouched')).toBe(true); // at least one kill landed before the rename
  }, 300_000);
});
