import { mkdtemp, readdir, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabHost } from '../../src/lab/index.js';
import { labDown, labPaths, labReset, labStatus, labUp } from '../../src/lab/index.js';
import { processStartTime, sshAnswers } from '../../src/lab/proc.js';
import { readState } from '../../src/lab/state.js';
import { labTestsEnabled, runCli, sshRun } from './lab-support.js';

/**
 * Start/stop/reset on a scratch host of its own (same base, its own address), so the shared
 * lab hosts keep running for whoever uses them.
 */
const scratch: LabHost = { name: 'labscratch', address: '127.0.10.250', kvm: false };
const hosts = [scratch];

/** Every PID on the machine whose PID namespace is `ns` (an "pid:[4026…]" link). */
async function pidsInNamespace(ns: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if ((await readlink(`/proc/${entry}/ns/pid`).catch(() => '')) === ns) found.push(Number(entry));
  }
  return found;
}

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
    if (!rec?.launcher) return;
    const ns = await readlink(`/proc/${rec.init.pid}/ns/pid`);
    expect((await pidsInNamespace(ns)).length).toBeGreaterThan(1); // init + sshd at least
    expect(await labDown({ hosts, names: [scratch.name] })).toEqual([scratch.name]);
    expect(await processStartTime(rec.init.pid)).not.toBe(rec.init.startTime);
    expect(await processStartTime(rec.launcher.pid)).not.toBe(rec.launcher.startTime);
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
