import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModuleError, UnreachableError } from '../errors.js';
import { resyncPhone } from '../modules/phone/spa-resync.js';
import { sendRequest } from '../modules/system/uri.js';
import type { ControllerStep } from '../modules/types.js';
import type { ApplyEnv } from './apply.js';
import { runAsyncJob } from './async-steps.js';
import { pause, reboot, waitForConnection } from './wait-steps.js';

/**
 * The controller's own work, one implementation per named plan step. Only the apply interpreter
 * calls these (check mode and --render never do): a plan names the step and its data, and this
 * is the one place that acts on it.
 */
export async function runControllerStep(step: ControllerStep, env: ApplyEnv): Promise<Record<string, unknown>> {
  switch (step.name) {
    case 'async_job':
      return runAsyncJob(step, env);
    case 'fetch_file':
      return fetchFile(step, env);
    case 'http_request':
      return sendRequest(step.request);
    case 'pause':
      return pause(step);
    case 'reboot':
      return reboot(step, env);
    case 'wait_for_connection':
      return waitForConnection(step, env);
    case 'spa_resync':
      await resyncPhone({
        endpoint: { host: step.host, port: step.port, password: step.adminPassword, timeoutMs: Math.min(step.timeoutS, 10) * 1000 },
        changes: new Map(Object.entries(step.changes)),
        serveAddress: step.serveAddress,
        profileAuth: step.profileAuth,
        reboot: step.reboot,
        deadline: Date.now() + step.timeoutS * 1000,
      });
      return {};
  }
}

/** Reads the target's file over the task's connection, checks it, writes it here atomically. */
async function fetchFile(step: Extract<ControllerStep, { name: 'fetch_file' }>, env: ApplyEnv): Promise<Record<string, unknown>> {
  if (!env.connection) throw new UnreachableError('fetch needs a shell connection, and the host has none (ansible_connection: http)');
  let content: Buffer;
  try {
    content = await env.connection.get(step.src, { become: env.become });
  } catch (err) {
    if (err instanceof UnreachableError) throw err;
    throw new ModuleError(`cannot read ${step.src}: ${(err as Error).message}`, { file: step.src });
  }
  const got = createHash('sha1').update(content).digest('hex');
  if (step.checksum !== undefined && got !== step.checksum) {
    throw new ModuleError(`checksum mismatch after transfer of ${step.src}`, { file: step.src, remote_checksum: step.checksum, checksum: got });
  }
  await mkdir(path.dirname(step.dest), { recursive: true });
  const tmp = `${step.dest}.play-tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, step.dest);
  return { md5sum: createHash('md5').update(content).digest('hex') };
}
