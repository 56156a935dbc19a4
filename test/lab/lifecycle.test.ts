import { mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabHost } from '../../src/lab/index.js';
import { labDown, labPaths, labReset, labStatus, labUp } from '../../src/lab/index.js';
import { processStartTime, sshAnswers } from '../../src/lab/proc.js';
import { readState } from '../../src/lab/state.js';
import { labTestsEnabled, pidsInNamespace, runCli, sshRun } from './lab-support.js';

/**
 * Start/stop/reset on a scratch host of its own (same base, its own address), so the shared
 * lab hosts keep running for whoever uses them.
 */
const scratch: LabHost = { name: 'labscratch', address: '127.0.10.250', kvm: false };
const hosts = [scratch];

describe.runIf(labTestsEnabled)('lab lifecycle (scratch host)', () => {
  beforeAll(async () => {
    await labReset({ hosts, names: [scratch.name] });
  }, 1_800_000);
  afterAll(async () => {
    await labReset({ hosts, names: [scratch.name] });
  }, 60_000);

  it('comes up and answers SSH', async () => {
    const [status] = await labUp({ hosts });
    expect(status).toBeDefined();
    const mine = (await labStatus({ hosts })).find((s) => s.name === scratch.name);
    expect(mine?.up).toBe(true);
    expect((await sshRun(scratch.address, 'hostname')).stdout.trim()).toBe(scratch.name);
  });

  it('runs Asterisk as a daemon that answers the remote console', async () => {
    const script = [
      'asterisk',
      'for i in $(seq 1 50); do asterisk -rx "core show version" 2>/dev/null | grep -q "^Asterisk" && break; sleep 0.2; done',
      'asterisk -rx "core show version"',
      'asterisk -rx "core stop now" >/dev/null',
      'for i in $(seq 1 50); do pgrep -x asterisk >/dev/null || break; sleep 0.2; done',
      'pgrep -x asterisk || echo stopped',
    ].join('\n');
    const r = await sshRun(scratch.address, script, 60_000);
    expect(r.stdout).toMatch(/^Asterisk \d+\.\d+/m);
    expect(r.stdout.trim().split('\n').pop()).toBe('stopped');
  });

  it('down stops exactly its processes and leaves nothing in the namespace', async () => {
    const state = await readState(labPaths().state);
    const rec = state.hosts[scratch.name];
    expect(rec?.launcher).toBeDefined();
    expect(rec?.supervisor).toBeDefined();
    if (!rec?.launcher || !rec.supervisor) return;
    const ns = await readlink(`/proc/${rec.init.pid}/ns/pid`);
    expect((await pidsInNamespace(ns)).length).toBeGreaterThan(1); // init + sshd at least
    expect(await labDown({ hosts, names: [scratch.name] })).toEqual([scratch.name]);
    expect(await processStartTime(rec.init.pid)).not.toBe(rec.init.startTime);
    expect(await processStartTime(rec.launcher.pid)).not.toBe(rec.launcher.startTime);
    expect(await processStartTime(rec.supervisor.pid)).not.toBe(rec.supervisor.startTime);
    expect(await pidsInNamespace(ns)).toEqual([]);
    expect(await sshAnswers(scratch.address, 22, 1_000)).toBe(false);
    expect((await labStatus({ hosts })).find((s) => s.name === scratch.name)?.up).toBe(false);
  });

  it('keeps a host layer across down/up, and reset discards it', async () => {
    await labUp({ hosts });
    expect((await sshRun(scratch.address, 'echo kept > /root/marker')).rc).toBe(0);
    await labDown({ hosts, names: [scratch.name] });
    await labUp({ hosts });
    expect((await sshRun(scratch.address, 'cat /root/marker')).stdout.trim()).toBe('kept');
    await labReset({ hosts, names: [scratch.name] });
    await labUp({ hosts });
    expect((await sshRun(scratch.address, 'test -e /root/marker')).rc).toBe(1);
  }, 120_000);

  it("a host cannot reach the machine's files, kernel modules, sysctls or device nodes", async () => {
    // a machine file that links planted in the host's layer point at (never the real /etc)
    const victimDir = await mkdtemp(join(tmpdir(), 'lab-victim-'));
    const victim = join(victimDir, 'shadow');
    await writeFile(victim, 'intact\n');
    try {
      await labUp({ hosts });
      const plant = `rm -f /etc/hostname /etc/hosts /root/.ssh/authorized_keys && ln -s ${victim} /etc/hostname && ln -s ${victim} /etc/hosts && ln -s ${victim} /root/.ssh/authorized_keys`;
      expect((await sshRun(scratch.address, plant)).rc).toBe(0);
      await labDown({ hosts, names: [scratch.name] });
      await labUp({ hosts }); // boots through the planted links
      expect(await readFile(victim, 'utf8')).toBe('intact\n');
      // root in the host: no module loading, no mknod, no raw I/O, no reboot, sysctls read-only
      const probe = [
        'grep CapBnd /proc/self/status',
        'mknod /tmp/n c 1 3 2>/dev/null && echo mknod-ok',
        // writes the value it has: were it writable, the machine would not change
        'v=$(cat /proc/sys/net/ipv4/ip_forward); echo "$v" > /proc/sys/net/ipv4/ip_forward 2>/dev/null && echo sysctl-ok',
        'echo h > /proc/sysrq-trigger 2>/dev/null && echo sysrq-ok',
        'true',
      ].join('; ');
      const r = await sshRun(scratch.address, probe);
      const bounding = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(r.stdout)?.[1] ?? '0'}`);
      for (const cap of [16n /* sys_module */, 17n /* sys_rawio */, 22n /* sys_boot */, 27n /* mknod */]) expect(bounding & (1n << cap)).toBe(0n);
      expect(bounding & (1n << 21n) /* sys_admin: libvirt, mounts */).not.toBe(0n);
      expect(r.stdout).not.toMatch(/mknod-ok|sysctl-ok|sysrq-ok/);
    } finally {
      await rm(victimDir, { recursive: true, force: true });
      await labReset({ hosts, names: [scratch.name] });
    }
  });

  it('status exits non-zero when hosts are down', async () => {
    const saved = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = await mkdtemp(join(tmpdir(), 'lab-empty-'));
    try {
      expect(await runCli(['status'])).toBe(1);
    } finally {
      if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = saved;
    }
  });
});
