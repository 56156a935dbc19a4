import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sh, type ShellCommand } from '../connection/command.js';
import type { ExecResult } from '../connection/types.js';
import { fileStat } from '../facts/file.js';
import type { ControllerFact, ShellFact } from '../facts/types.js';
import { HostWorld, type Runner } from './host-world.js';
import { factRead } from '../modules/types.js';

function recordingRunner(stdout = ''): { run: Runner; calls: { command: string; asLogin: boolean }[] } {
  const calls: { command: string; asLogin: boolean }[] = [];
  const run: Runner = (command: ShellCommand, opts = {}) => {
    calls.push({ command: command.render(), asLogin: opts.asLogin === true });
    const result: ExecResult = { rc: 0, stdout, stderr: '', stdoutBytes: Buffer.from(stdout) };
    return Promise.resolve(result);
  };
  return { run, calls };
}

const users: ShellFact<Record<string, never>, string> = {
  name: 'test.users',
  command: () => sh`cat /etc/passwd`,
  parse: (r) => r.stdout.trim(),
  offline: () => 'root',
};

const asLogin: ShellFact<Record<string, never>, string> = { ...users, name: 'test.login', become: false };

describe('HostWorld', () => {
  it('runs a fact with the task\'s become unless the fact says become: false', async () => {
    const world = new HostWorld();
    const { run, calls } = recordingRunner('x\n');
    await world.fact(users, {}, run);
    await world.fact(asLogin, {}, run);
    expect(calls.map((c) => c.asLogin)).toEqual([false, true]);
  });

  it('offline, asks nothing: facts give their declared answers, gathered facts the inventory\'s', async () => {
    const world = new HostWorld({ facts: { os_family: 'RedHat' } });
    const { run, calls } = recordingRunner();
    expect(await world.fact(users, {}, run)).toBe('root');
    expect(await world.stat('/etc/asterisk/sip.conf', run)).toEqual({ kind: 'missing' });
    expect(await world.readFile('/etc/asterisk/sip.conf', run)).toBeNull();
    const { gatherFacts, DEFAULT_GATHER_ARGS } = await import('../facts/system.js');
    expect(await world.fact(gatherFacts, DEFAULT_GATHER_ARGS, run)).toMatchObject({ os_family: 'RedHat' });
    expect(calls).toEqual([]);
  });

  it('reads a controller fact with its access, and caches it for the run', async () => {
    const seen: (string | undefined)[] = [];
    const phone: ControllerFact<{ host: string }, string> = {
      name: 'test.phone',
      offline: () => 'unknown',
      read: (_args, access) => {
        seen.push(access.password);
        return Promise.resolve('config');
      },
    };
    const world = new HostWorld();
    const { run } = recordingRunner();
    expect(await world.fact(phone, { host: 'p' }, run, { password: 'pw' })).toBe('config');
    expect(await world.fact(phone, { host: 'p' }, run, { password: 'pw' })).toBe('config');
    expect(seen).toEqual(['pw']);
    expect(await new HostWorld({ facts: {} }).fact(phone, { host: 'p' }, run)).toBe('unknown');
  });

  it('forgets facts by their declared lifetime when a change is applied for real', async () => {
    const world = new HostWorld();
    const { run, calls } = recordingRunner('x\n');
    const { gatherFacts, DEFAULT_GATHER_ARGS } = await import('../facts/system.js');
    await world.fact(gatherFacts, DEFAULT_GATHER_ARGS, run);
    await world.fact(users, {}, run);
    await world.fact(fileStat, { path: '/x', checksum: true, follow: true }, run);
    // a file written: only what is read from files is stale
    world.applyEffects([{ kind: 'file', path: '/y', state: { kind: 'missing' } }], false);
    await world.fact(users, {}, run);
    await world.fact(fileStat, { path: '/x', checksum: true, follow: true }, run);
    expect(calls.length).toBe(4);
    // a change with unknown effects: everything but the gathered facts
    world.applyEffects(undefined, false);
    await world.fact(gatherFacts, DEFAULT_GATHER_ARGS, run);
    await world.fact(users, {}, run);
    expect(calls.length).toBe(5);
  });

  it('keeps a predicted file state in check mode even without its checksum: the target still has the old one', async () => {
    const world = new HostWorld();
    const { run, calls } = recordingRunner('');
    world.applyEffects([{ kind: 'file', path: '/opt/x.tgz', state: { kind: 'file', mode: 0o644, owner: '', group: '', uid: -1, gid: -1, size: 0, mtime: 0 } }], true);
    expect((await world.stat('/opt/x.tgz', run, true)).kind).toBe('file');
    expect(calls).toEqual([]);
  });

  it('reads facts ahead side by side; a plan then finds them without a round trip', async () => {
    const world = new HostWorld();
    const started: string[] = [];
    let release: () => void = () => undefined;
    const allStarted = new Promise<void>((r) => (release = r));
    // each read answers only once all three are in flight: sequential reads would never finish
    const run: Runner = async (command) => {
      started.push(command.render());
      if (started.length === 3) release();
      await allStarted;
      return { rc: 0, stdout: `${command.render()}\n`, stderr: '', stdoutBytes: Buffer.from('') };
    };
    const byName: ShellFact<{ n: number }, string> = { name: 'test.n', command: ({ n }) => sh`echo ${String(n)}`, parse: (r) => r.stdout.trim(), offline: () => '' };
    await world.readAhead([1, 2, 3].map((n) => factRead(byName, { n })), run);
    expect(started).toHaveLength(3);
    const { run: never, calls } = recordingRunner();
    expect(await world.fact(byName, { n: 2 }, never)).toBe('echo 2');
    expect(calls).toEqual([]);
  });

  it('drops facts read ahead but not used yet when a change is applied for real (not in check mode)', async () => {
    const world = new HostWorld();
    const { run, calls } = recordingRunner('x\n');
    const other: ShellFact<Record<string, never>, string> = { ...users, name: 'test.other' };
    await world.readAhead([factRead(users, {}), factRead(other, {})], run);
    expect(calls).toHaveLength(2);
    await world.fact(users, {}, run); // used: from now on an ordinary cached fact
    world.applyEffects([{ kind: 'fact', key: 'test.unrelated:{}', value: 1 }], true);
    await world.fact(other, {}, run); // check mode changed nothing on the target: still good
    expect(calls).toHaveLength(2);
    await world.readAhead([factRead({ ...users, name: 'test.third' }, {})], run);
    world.applyEffects([{ kind: 'fact', key: 'test.unrelated:{}', value: 1 }], false);
    // read before the change: read again; the used ones stay (their lifetime decides)
    await world.fact({ ...users, name: 'test.third' }, {}, run);
    await world.fact(users, {}, run);
    expect(calls).toHaveLength(4);
  });

  it('a plan that needs a fact still being read ahead waits for that read instead of reading it again', async () => {
    const world = new HostWorld();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((r) => (answer = r));
    const calls: string[] = [];
    const slow: Runner = async (command) => {
      calls.push(command.render());
      await answered;
      return { rc: 0, stdout: 'early\n', stderr: '', stdoutBytes: Buffer.from('early\n') };
    };
    const ahead = world.readAhead([factRead(users, {})], slow);
    const { run, calls: planCalls } = recordingRunner('late\n');
    const planned = world.fact(users, {}, run);
    answer();
    await ahead;
    expect(await planned).toBe('early');
    expect(calls).toHaveLength(1);
    expect(planCalls).toEqual([]);
  });

  it('does not keep a fact read ahead whose answer arrives after a change was applied for real', async () => {
    const world = new HostWorld();
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((r) => (answer = r));
    const slow: Runner = async () => {
      await answered;
      return { rc: 0, stdout: 'before\n', stderr: '', stdoutBytes: Buffer.from('before\n') };
    };
    const ahead = world.readAhead([factRead(users, {})], slow);
    world.applyEffects([{ kind: 'fact', key: 'test.unrelated:{}', value: 1 }], false);
    answer();
    await ahead;
    const { run, calls } = recordingRunner('after\n');
    expect(await world.fact(users, {}, run)).toBe('after');
    expect(calls).toHaveLength(1);
  });

  it('stops paying for reading ahead on a host where changes keep dropping what was read', async () => {
    const world = new HostWorld();
    const { run } = recordingRunner('x\n');
    expect(world.readAheadPays).toBe(true);
    for (let n = 0; n < 10; n++) {
      await world.readAhead([factRead({ ...users, name: `test.f${n}` }, {})], run);
      world.applyEffects([{ kind: 'fact', key: 'test.unrelated:{}', value: n }], false);
    }
    expect(world.readAheadPays).toBe(false);
    const used = new HostWorld();
    for (let n = 0; n < 10; n++) {
      await used.readAhead([factRead({ ...users, name: `test.f${n}` }, {})], run);
      await used.fact({ ...users, name: `test.f${n}` }, {}, run);
      used.applyEffects([{ kind: 'fact', key: 'test.unrelated:{}', value: n }], false);
    }
    expect(used.readAheadPays).toBe(true);
  });

  it('leaves a read that fails unknown: the plan reads it itself', async () => {
    const world = new HostWorld();
    const failing: Runner = () => Promise.reject(new Error('channel refused'));
    await world.readAhead([factRead(users, {})], failing);
    const { run, calls } = recordingRunner('x\n');
    expect(await world.fact(users, {}, run)).toBe('x');
    expect(calls).toHaveLength(1);
  });

  it("reads a file it has not seen in one round trip, and keeps both its state and its content", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'host-world-'));
    try {
      writeFileSync(path.join(dir, 'f.conf'), 'a=1\n');
      const calls: string[] = [];
      const localShell: Runner = (command) => {
        calls.push(command.render());
        const r = spawnSync('sh', ['-c', command.render()]);
        return Promise.resolve({ rc: r.status ?? 1, stdout: r.stdout.toString(), stderr: r.stderr.toString(), stdoutBytes: r.stdout });
      };
      const world = new HostWorld();
      expect((await world.readFile(path.join(dir, 'f.conf'), localShell))?.toString()).toBe('a=1\n');
      expect((await world.stat(path.join(dir, 'f.conf'), localShell)).kind).toBe('file');
      expect((await world.readFile(path.join(dir, 'f.conf'), localShell))?.toString()).toBe('a=1\n');
      expect(await world.readFile(path.join(dir, 'none'), localShell)).toBeNull();
      expect(await world.readFile(path.join(dir, 'none'), localShell)).toBeNull();
      expect(calls).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

