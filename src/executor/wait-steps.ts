/** The controller steps that wait: pause (time or the operator) and wait_for_connection. */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { rawCommand, sh } from '../connection/command.js';
import { ModuleError, UnreachableError } from '../errors.js';
import type { ControllerStep } from '../modules/types.js';
import type { ApplyEnv } from './apply.js';

function readLine(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  return new Promise((resolve) => {
    rl.question(`${prompt}:\n`, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

export async function pause(step: Extract<ControllerStep, { name: 'pause' }>): Promise<Record<string, unknown>> {
  const start = new Date();
  let userInput = '';
  // Ansible waits at least a second, and (with a terminal) until Enter; with no terminal it
  // does not wait for an answer nobody can type
  if (step.seconds !== undefined) await sleep(Math.max(1, step.seconds) * 1000);
  else if (process.stdin.isTTY) userInput = await readLine(step.prompt ?? 'Press enter to continue, Ctrl+C to interrupt');
  const stop = new Date();
  const took = (stop.getTime() - start.getTime()) / 1000;
  const unit = step.unit;
  const shown = Math.round((unit === 'minutes' ? took / 60 : took) * 100) / 100;
  const stdout = `Paused for ${Number.isInteger(shown) ? `${shown}.0` : String(shown)} ${unit}`;
  return {
    start: start.toISOString().replace('T', ' ').replace('Z', ''),
    stop: stop.toISOString().replace('T', ' ').replace('Z', ''),
    delta: Math.round((stop.getTime() - start.getTime()) / 1000),
    echo: step.echo,
    user_input: userInput,
    stdout,
  };
}

export async function waitForConnection(step: Extract<ControllerStep, { name: 'wait_for_connection' }>, env: ApplyEnv): Promise<Record<string, unknown>> {
  const started = Date.now();
  const deadline = started + step.timeoutS * 1000;
  if (step.delayS > 0) await sleep(step.delayS * 1000);
  let last = '';
  for (;;) {
    try {
      if (!env.connection) throw new Error('the host has no shell connection');
      const res = await env.connection.exec(sh`echo ping`, { become: undefined, timeoutMs: step.connectTimeoutS * 1000 });
      if (res.rc === 0) return { elapsed: Math.round((Date.now() - started) / 1000) };
      last = `rc ${res.rc}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() + step.sleepS * 1000 > deadline) break;
    await sleep(step.sleepS * 1000);
  }
  throw new ModuleError(`timed out waiting for connection port up: ${last}`, { elapsed: Math.round((Date.now() - started) / 1000) });
}

/**
 * Ansible's reboot (its action plugin, step by step): note the boot id, run the reboot command
 * (a session the reboot cuts counts as success), wait post_reboot_delay, then retry — backing off
 * as Ansible does — until the host answers with another boot id, then until the test command
 * succeeds; each wait has the whole reboot_timeout. `elapsed` counts from the reboot command.
 */
export async function reboot(step: Extract<ControllerStep, { name: 'reboot' }>, env: ApplyEnv): Promise<Record<string, unknown>> {
  const conn = env.connection;
  if (!conn) throw new ModuleError('reboot needs a shell connection, and the host has none', { rebooted: false });
  const opts = { become: env.become, timeoutMs: step.connectTimeoutS * 1000 };
  const before = await conn.exec(rawCommand(step.bootTimeCommand), opts);
  if (before.rc !== 0) throw new ModuleError(`reboot: failed to get host boot time info, rc: ${before.rc}, stdout: ${before.stdout}, stderr: ${before.stderr}`, { changed: false, rebooted: false });
  const bootId = before.stdout.trim();
  if (step.preDelayS > 0) await sleep(step.preDelayS * 1000);
  let issued: { rc: number; stdout: string; stderr: string } | undefined;
  try {
    issued = await conn.exec(rawCommand(step.rebootCommand), opts);
  } catch (err) {
    if (!(err instanceof UnreachableError)) throw err;
  }
  const started = Date.now();
  const elapsed = (): number => Math.floor((Date.now() - started) / 1000);
  if (issued && issued.rc !== 0) {
    throw new ModuleError(`Reboot command failed. Error was: '${issued.stdout.trim()}, ${issued.stderr.trim()}'`, { changed: false, rebooted: false, elapsed: elapsed() });
  }
  if (step.postDelayS > 0) await sleep(step.postDelayS * 1000);
  const timedOut = (what: string): ModuleError =>
    // Ansible reports rebooted: true here too (the reboot command did run), and changed: false
    new ModuleError(`Timed out waiting for ${what} (timeout=${step.timeoutS})`, { changed: false, rebooted: true, elapsed: elapsed() });
  const booted = await untilSuccess(step.timeoutS, async () => {
    const now = await conn.exec(rawCommand(step.bootTimeCommand), opts);
    return now.rc === 0 && now.stdout.trim() !== '' && now.stdout.trim() !== bootId;
  });
  if (!booted) throw timedOut('last boot time check');
  const tested = await untilSuccess(step.timeoutS, async () => (await conn.exec(rawCommand(step.testCommand), opts)).rc === 0);
  if (!tested) throw timedOut('post-reboot test command');
  return { rebooted: true, changed: true, elapsed: elapsed() };
}

/**
 * Retries `attempt` (false or an error: not yet) for up to timeoutS seconds, sleeping 1, 2, 4, 8
 * and then 12 seconds between tries, as Ansible's reboot does (without its random part).
 */
async function untilSuccess(timeoutS: number, attempt: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutS * 1000;
  for (let failures = 0; Date.now() < deadline; failures++) {
    if (await attempt().catch(() => false)) return true;
    await sleep(Math.min(2 ** failures, 12) * 1000);
  }
  return false;
}
