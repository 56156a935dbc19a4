/** The controller steps that wait: pause (time or the operator) and wait_for_connection. */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { rawCommand, sh } from '../connection/command.js';
import { ModuleError } from '../errors.js';
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
 * Ansible's reboot: note the boot id, start the reboot in the background (so the command
 * returns before the connection drops), then retry until the host answers with another boot
 * id and the test command succeeds.
 */
export async function reboot(step: Extract<ControllerStep, { name: 'reboot' }>, env: ApplyEnv): Promise<Record<string, unknown>> {
  const conn = env.connection;
  if (!conn) throw new ModuleError('reboot needs a shell connection, and the host has none', { rebooted: false });
  const started = Date.now();
  const opts = { become: env.become, timeoutMs: step.connectTimeoutS * 1000 };
  const before = await conn.exec(rawCommand(step.bootTimeCommand), opts);
  if (before.rc !== 0) throw new ModuleError(`cannot read the boot id: ${before.stderr.trim()}`, { rebooted: false });
  const bootId = before.stdout.trim();
  const go = await conn.exec(sh`(sleep ${String(step.preDelayS + 1)}; `.concat(rawCommand(step.rebootCommand)).concat(sh`) >/dev/null 2>&1 </dev/null &`), opts);
  if (go.rc !== 0) throw new ModuleError(`Reboot command failed: ${go.stderr.trim()}`, { rebooted: false, rc: go.rc });
  const deadline = started + (step.preDelayS + step.timeoutS) * 1000;
  await sleep((step.preDelayS + 2) * 1000);
  let last = '';
  while (Date.now() < deadline) {
    try {
      const now = await conn.exec(rawCommand(step.bootTimeCommand), opts);
      if (now.rc === 0 && now.stdout.trim() !== '' && now.stdout.trim() !== bootId) {
        const test = await conn.exec(rawCommand(step.testCommand), opts);
        if (test.rc === 0) {
          if (step.postDelayS > 0) await sleep(step.postDelayS * 1000);
          return { rebooted: true, changed: true, elapsed: Math.round((Date.now() - started) / 1000) };
        }
        last = `test command failed: ${test.stderr.trim()}`;
      } else last = 'the boot id has not changed yet';
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(2000);
  }
  throw new ModuleError(`Timed out waiting for the host to come back after ${step.timeoutS} s: ${last}`, { rebooted: false, elapsed: Math.round((Date.now() - started) / 1000) });
}
