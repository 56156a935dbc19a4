/** The async_job controller step: start a background job on the target, and poll it when asked. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ModuleError, UnreachableError } from '../errors.js';
import { cleanupCommand, readStatus, statusCommand, type JobStatus } from '../modules/commands/async-job.js';
import type { ControllerStep } from '../modules/types.js';
import type { ApplyEnv } from './apply.js';

/**
 * Ansible's async: poll 0 registers the started job ({ansible_job_id, started: 1, finished: 0,
 * results_file}); otherwise every `poll` seconds the job's status is read, until it has finished
 * or `async` seconds have been used up (Ansible's count: time_left -= poll), and a finished
 * job's file is removed, its status being the task's result.
 */
export async function runAsyncJob(step: Extract<ControllerStep, { name: 'async_job' }>, env: ApplyEnv): Promise<Record<string, unknown>> {
  const conn = env.connection;
  if (!conn) throw new UnreachableError('async needs a shell connection, and the host has none (ansible_connection: http)');
  const started = await conn.exec(step.launch, { stdin: step.stdin, become: env.become, env: env.env });
  const [jid = '', file = ''] = started.stdout.split('\n');
  if (started.rc !== 0 || jid === '') {
    throw new ModuleError(`could not start the async job: ${(started.stderr || started.stdout).trim() || `exit code ${started.rc}`}`, { rc: started.rc, changed: false });
  }
  if (step.pollS <= 0) return { ansible_job_id: jid, results_file: file, started: 1, finished: 0 };
  let status: JobStatus | undefined;
  for (let left = step.limitS; left > 0; left -= step.pollS) {
    await sleep(step.pollS * 1000);
    const res = await conn.exec(statusCommand(jid), { become: env.become });
    status = readStatus(jid, res.stdout);
    if (status.finished || status.failed) break;
  }
  if (!status?.finished) {
    throw new ModuleError(`async task did not complete within the requested time - ${step.limitS}s`, { async_result: status?.result ?? {}, changed: false });
  }
  await conn.exec(cleanupCommand(jid), { become: env.become });
  const { changed, msg, ...rest } = status.result;
  if (status.failed) throw new ModuleError(typeof msg === 'string' ? msg : 'async job failed', { ...rest, changed: changed === true });
  return { ...rest, ...(msg === undefined ? {} : { msg }), changed: changed === true };
}
