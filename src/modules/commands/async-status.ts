/** async_status: the state of a background job (`async:`), or its removal (mode=cleanup). */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { astr } from '../schema.js';
import { defineModule } from '../types.js';
import { cleanupCommand, readStatus, statusCommand } from './async-job.js';

const args = z.strictObject({
  jid: astr(),
  mode: z.enum(['status', 'cleanup']).default('status'),
});

/** The fields Ansible's action plugin starts every answer with. */
const EMPTY_OUTPUT = { stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] };

export const asyncStatus = defineModule({
  name: 'async_status',
  description: 'Obtain the status of an asynchronous task, or remove its status file',
  checkMode: 'read-only: runs as usual (Ansible skips it); cleanup is not run',
  args,
  async plan(a, ctx) {
    const res = await ctx.probe(statusCommand(a.jid), { offline: { rc: 0, stdout: '' } });
    const status = readStatus(a.jid, res.stdout);
    if (!status.found) throw new ModuleError('could not find job', { ...status.result, changed: false });
    if (a.mode === 'cleanup') {
      return {
        changes: [{ describe: `remove the status file of job ${a.jid}`, apply: { kind: 'exec', command: cleanupCommand(a.jid) } }],
        changed: false,
        result: { ...EMPTY_OUTPUT, ansible_job_id: a.jid, erased: status.path, started: 0, finished: 0 },
      };
    }
    const { changed, msg, ...rest } = status.result;
    if (status.failed) throw new ModuleError(typeof msg === 'string' ? msg : 'the job failed', { ...rest, changed: changed === true });
    return { changes: [], changed: changed === true, result: rest, ...(typeof msg === 'string' ? { msg } : {}) };
  },
});
