import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POWER_COMMANDS, RESTART_SIGNAL, STOP_SIGNAL, powerScript } from './power-layer.js';
import { waitFor } from './proc.js';

/**
 * The lab hosts' shutdown/reboot/halt/poweroff, run for real against a stand-in init: a shell
 * of the test's that writes down the signals it gets (the real one is PID 1 of the host).
 */
describe('lab power commands', () => {
  let dir: string;
  let marker: string;
  let pending: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'play-power-'));
    marker = join(dir, 'lab-host');
    pending = join(dir, 'pending');
    writeFileSync(marker, '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A process that records the restart or stop signal it gets in `got`, then exits. */
  async function standInInit(): Promise<{ pid: number; got: string }> {
    const got = join(dir, 'got');
    const ready = join(dir, 'ready');
    rmSync(ready, { force: true });
    const traps = `trap 'echo ${RESTART_SIGNAL} > ${got}; exit 0' ${RESTART_SIGNAL}; trap 'echo ${STOP_SIGNAL} > ${got}; exit 0' ${STOP_SIGNAL}`;
    const child = spawn('/bin/sh', ['-c', `${traps}; : > ${ready}; while :; do sleep 1; done`], { stdio: 'ignore' });
    if (child.pid === undefined) throw new Error('no stand-in init');
    // its traps are set before any signal is sent
    await waitFor(async () => existsSync(ready), 30_000, 20);
    return { pid: child.pid, got };
  }

  /** Installs the script under its four names in `dir` and runs one. */
  function power(initPid: number, name: string, ...args: string[]): { rc: number | null; stdout: string; stderr: string } {
    const file = join(dir, 'power');
    writeFileSync(file, powerScript({ initPid, marker, pending }));
    chmodSync(file, 0o755);
    for (const n of POWER_COMMANDS) if (!existsSync(join(dir, n))) symlinkSync(file, join(dir, n));
    // through sh: $0 is still the name it was called by, and a noexec /tmp does not matter
    const r = spawnSync('/bin/sh', [join(dir, name), ...args], { encoding: 'utf8', timeout: 30_000 });
    return { rc: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** Processes whose command line names `text`. */
  async function processesNaming(text: string): Promise<number[]> {
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes(text)) found.push(Number(entry));
    }
    return found;
  }

  /** Whether the process ignores SIGHUP (bit 0 of SigIgn in /proc/PID/status). */
  function ignoresHangup(pid: number): boolean {
    const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0';
    return (BigInt(`0x${mask}`) & 1n) === 1n;
  }

  async function signalled(got: string): Promise<string> {
    await waitFor(async () => existsSync(got) && readFileSync(got, 'utf8') !== '', 30_000, 50);
    return readFileSync(got, 'utf8').trim();
  }

  /** Runs each command line against a fresh stand-in init: the signal each one sent. */
  async function signalsOf(commands: readonly string[][]): Promise<string[]> {
    const got: string[] = [];
    for (const args of commands) {
      const init = await standInInit();
      const [name = '', ...rest] = args;
      expect(power(init.pid, name, ...rest).rc, args.join(' ')).toBe(0);
      got.push(await signalled(init.got));
      rmSync(init.got);
    }
    return got;
  }

  it("restarts on Ansible's command (shutdown -r 0 \"msg\") and on play's, and on reboot", async () => {
    const commands = [['shutdown', '-r', '0', 'Reboot initiated by Ansible'], ['shutdown', '-r', '+0', 'Reboot initiated by Ansible'], ['reboot'], ['reboot', '-f']];
    expect(await signalsOf(commands)).toEqual(commands.map(() => RESTART_SIGNAL));
  }, 120_000);

  it('stops on halt, poweroff and shutdown without -r', async () => {
    const commands = [['halt'], ['poweroff'], ['shutdown', 'now'], ['shutdown', '-h', 'now'], ['shutdown', '-P', '+0']];
    expect(await signalsOf(commands)).toEqual(commands.map(() => STOP_SIGNAL));
  }, 120_000);

  it('refuses what it does not know, and signals nothing then', async () => {
    const init = await standInInit();
    try {
      expect(power(init.pid, 'shutdown', '-x', 'now')).toMatchObject({ rc: 1, stderr: expect.stringContaining('unknown option -x') });
      expect(power(init.pid, 'shutdown', '-r', '12:30')).toMatchObject({ rc: 1, stderr: expect.stringContaining('bad time 12:30') });
      expect(power(init.pid, 'reboot', '--bogus')).toMatchObject({ rc: 1, stderr: expect.stringContaining('unknown option --bogus') });
      expect(existsSync(pending)).toBe(false);
    } finally {
      process.kill(init.pid, 'SIGKILL');
    }
  });

  it('schedules a delayed shutdown, which -c cancels', async () => {
    const init = await standInInit();
    try {
      const r = power(init.pid, 'shutdown', '-r', '+5', 'later');
      expect(r).toMatchObject({ rc: 0, stdout: expect.stringContaining("reboot scheduled in 5 min, use 'shutdown -c' to cancel.") });
      expect(existsSync(pending)).toBe(true);
      // the pending signal ignores the hangup of the session it came from (Ansible's ssh -tt)
      const waiting = await processesNaming(pending);
      expect(waiting.length).toBeGreaterThan(0);
      for (const pid of waiting) expect(ignoresHangup(pid), `process ${pid}`).toBe(true);
      for (const pid of waiting) process.kill(pid, 'SIGKILL');
      expect(power(init.pid, 'shutdown', '-c').rc).toBe(0);
      expect(existsSync(pending)).toBe(false);
      // -k only warns
      expect(power(init.pid, 'shutdown', '-k', 'now', 'just a warning')).toMatchObject({ rc: 0, stdout: 'just a warning\n' });
      expect(existsSync(pending)).toBe(false);
    } finally {
      process.kill(init.pid, 'SIGKILL');
    }
  });

  it('refuses to run outside a lab host', async () => {
    const init = await standInInit();
    try {
      rmSync(marker);
      const r = power(init.pid, 'reboot');
      expect(r.rc).toBe(1);
      expect(r.stderr).toContain('not a lab host');
      expect(existsSync(pending)).toBe(false);
    } finally {
      process.kill(init.pid, 'SIGKILL');
    }
  });
});
