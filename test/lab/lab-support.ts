import { execFile, spawnSync } from 'node:child_process';
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { registerLabCommand } from '../../src/lab/cli.js';
import { labPaths } from '../../src/lab/index.js';
import { labSshArgv } from '../../src/lab/ssh.js';

/**
 * The lab tests start real namespace hosts: they need root, util-linux's unshare, debootstrap
 * and (the first time) a few minutes to build the base image. They run only when asked:
 *   PLAY_LAB=1 npx vitest run test/lab
 */
export const labTestsEnabled = process.env['PLAY_LAB'] === '1' && process.getuid?.() === 0;

export interface SshResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** Runs a command on a lab host with the system ssh client, verifying its host key. */
export function sshRun(address: string, command: string, timeoutMs = 120_000): Promise<SshResult> {
  const [ssh = 'ssh', ...args] = labSshArgv(labPaths(), address, command);
  return new Promise((resolve) => {
    execFile(ssh, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 255 : 0;
      resolve({ rc: code, stdout, stderr });
    });
  });
}

/** Runs `play lab ARGS` through commander; returns the exit code it set (stdout discarded). */
export async function runCli(args: string[]): Promise<number> {
  const saved = process.exitCode;
  process.exitCode = 0;
  const program = new Command().exitOverride();
  registerLabCommand(program);
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'play', 'lab', ...args]);
    return Number(process.exitCode ?? 0);
  } finally {
    process.stdout.write = write;
    process.exitCode = saved;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'play.js');

/** `node bin/play.js ARGS` in the repository, waited for (the compiled CLI: build first). */
export function playCli(...args: string[]): SshResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  return { rc: r.status ?? 255, stdout: r.stdout, stderr: r.stderr };
}

/** Every PID on the machine whose PID namespace is `ns` (an "pid:[4026…]" link). */
export async function pidsInNamespace(ns: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if ((await readlink(`/proc/${entry}/ns/pid`).catch(() => '')) === ns) found.push(Number(entry));
  }
  return found;
}
