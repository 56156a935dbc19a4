import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { childPids, isAlive, probeTcp, processStartTime, run, sshAnswers, tcpAccepts, terminate } from './proc.js';

describe('process identity', () => {
  it('knows our own start time and nothing for a PID that does not exist', async () => {
    expect(await processStartTime(process.pid)).toBeTypeOf('number');
    expect(await processStartTime(2 ** 22 + 1)).toBeUndefined();
  });

  it('a wrong start time means "not that process"', async () => {
    const startTime = (await processStartTime(process.pid)) as number;
    expect(await isAlive({ pid: process.pid, startTime })).toBe(true);
    expect(await isAlive({ pid: process.pid, startTime: startTime + 1 })).toBe(false);
  });

  it('terminate escalates to SIGKILL for a process that ignores SIGTERM', async () => {
    const child = spawn('/bin/sh', ['-c', "trap '' TERM; echo ready; while :; do sleep 0.1; done"], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((r) => child.stdout.once('data', r));
    const pid = child.pid as number;
    const ref = { pid, startTime: (await processStartTime(pid)) as number };
    expect(await childPids(process.pid)).toContain(pid);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    await terminate(ref, 300);
    expect(await exited).toBe('SIGKILL');
    expect(await isAlive(ref)).toBe(false);
  });
});

describe('run', () => {
  it('returns the exit code and streams lines', async () => {
    const lines: string[] = [];
    const r = await run(['/bin/sh', '-c', 'echo one; echo two >&2; exit 3'], { onLine: (l) => lines.push(l) });
    expect(r.rc).toBe(3);
    expect(lines.sort()).toEqual(['one', 'two']);
  });
});

describe('TCP probes', () => {
  it('reads a banner, and tells refused from silent', async () => {
    const server = createServer((s) => s.end('SSH-2.0-Fake\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    expect(await probeTcp('127.0.0.1', port)).toBe('SSH-2.0-Fake\r\n');
    expect(await sshAnswers('127.0.0.1', port)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await probeTcp('127.0.0.1', port, 500)).toBeUndefined();
    expect(await sshAnswers('127.0.0.1', port, 500)).toBe(false);
  });

  it('calls a silent server (HTTP) up when it accepts, without waiting for its timeout', async () => {
    const server = createServer(() => undefined); // says nothing until asked
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    // a timeout the test's own budget cannot cover: an answer must come from the connect
    expect(await tcpAccepts('127.0.0.1', port, 600_000)).toBe(true);
    await new Promise((r) => server.close(r));
    expect(await tcpAccepts('127.0.0.1', port, 600_000)).toBe(false);
  });
});
