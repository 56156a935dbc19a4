/** modification_time / access_time of the file module: "now", "preserve" or a touch -t stamp. */
import { sh } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import type { Change } from '../types.js';
import type { ExistingState } from './attributes.js';

export interface TimeArgs {
  modification_time?: string | undefined;
  modification_time_format: string;
  access_time?: string | undefined;
  access_time_format: string;
}

const DEFAULT_FORMAT = '%Y%m%d%H%M.%S';

/** "202405011302.11" (the default format, which is also touch -t's) → seconds since epoch. */
export function parseStamp(stamp: string, format: string): number {
  if (format !== DEFAULT_FORMAT) throw new ModuleError(`only the time format ${DEFAULT_FORMAT} is supported, not ${format}`);
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{2})$/.exec(stamp);
  if (!m) throw new ModuleError(`Error while obtaining timestamp for time ${stamp} using format ${format}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  // The controller's local time zone stands for the target's, as touch -t uses the target's.
  return Math.floor(new Date(y, mo - 1, d, h, mi, s).getTime() / 1000);
}

/**
 * Changes for the requested times. `fallback` is what an omitted time means: "now" for
 * state=touch (always changed, as in Ansible) and "preserve" for every other state.
 */
export function planTimes(path: string, st: ExistingState, a: TimeArgs, fallback: 'now' | 'preserve'): { changes: Change[]; mtime: number } {
  const mt = a.modification_time ?? fallback;
  const at = a.access_time ?? fallback;
  const changes: Change[] = [];
  let mtime = st.mtime;
  const now = Math.floor(Date.now() / 1000);
  if (mt === 'now' && at === 'now') {
    changes.push({ describe: `touch ${path}`, apply: { kind: 'exec', command: sh`touch -- ${path}` } });
    return { changes, mtime: now };
  }
  if (mt === 'now') {
    changes.push({ describe: `touch -m ${path}`, apply: { kind: 'exec', command: sh`touch -m -- ${path}` } });
    mtime = now;
  } else if (mt !== 'preserve') {
    const wanted = parseStamp(mt, a.modification_time_format);
    if (wanted !== st.mtime) {
      changes.push({ describe: `set modification time of ${path} to ${mt}`, apply: { kind: 'exec', command: sh`touch -m -t ${mt} -- ${path}` } });
      mtime = wanted;
    }
  }
  if (at === 'now') {
    changes.push({ describe: `touch -a ${path}`, apply: { kind: 'exec', command: sh`touch -a -- ${path}` } });
  } else if (at !== 'preserve') {
    parseStamp(at, a.access_time_format);
    // The access time is not part of the stat we keep, so an explicit one is always (re)applied.
    changes.push({ describe: `set access time of ${path} to ${at}`, apply: { kind: 'exec', command: sh`touch -a -t ${at} -- ${path}` } });
  }
  return { changes, mtime };
}
