/** The controller steps that wait: pause (time or the operator) and wait_for_connection. */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { sh } from '../connection/command.js';
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
