import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PlayError } from '../errors.js';

/**
 * state.json: which processes the lab started, so `down` kills exactly those (PID plus the
 * kernel start time, which a recycled PID does not share) and `status` can tell up from down.
 */
const processRef = z.object({ pid: z.number().int().positive(), startTime: z.number().int().nonnegative() });

const hostRecord = z.object({
  kind: z.enum(['host', 'service']),
  address: z.string(),
  port: z.number().int(),
  /**
   * The PID-namespace init (host) or the service process. A host that restarted has another:
   * boot.ts finds the current one from the supervisor.
   */
  init: processRef,
  /** The `unshare` parent of a host's init (it exits with the init). */
  launcher: processRef.optional(),
  /**
   * The loop that runs the host's namespace and boots it again when the host reboots (see
   * supervisor-script.ts): the host's one process that lives across restarts. Absent on records
   * of hosts started before hosts could restart.
   */
  supervisor: processRef.optional(),
  startedAt: z.string(),
  /** The host was given /dev/kvm (absent: not a kvm host, or recorded before this was kept). */
  kvm: z.boolean().optional(),
});

const labState = z.object({ version: z.literal(1), hosts: z.record(z.string(), hostRecord) });

export type HostRecord = z.infer<typeof hostRecord>;
export type LabState = z.infer<typeof labState>;

export function emptyState(): LabState {
  return { version: 1, hosts: {} };
}

export async function readState(file: string): Promise<LabState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return emptyState();
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlayError('LAB_STATE_CORRUPT', `${file} is not valid JSON`, {
      source: { file },
      hint: 'stop leftover lab processes by hand, then delete the file',
      cause: e,
    });
  }
  const parsed = labState.safeParse(data);
  if (!parsed.success)
    throw new PlayError('LAB_STATE_CORRUPT', `${file} does not look like lab state: ${parsed.error.message}`, {
      source: { file },
      hint: 'stop leftover lab processes by hand, then delete the file',
    });
  return parsed.data;
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
export async function writeState(file: string, state: LabState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}
