import { randomBytes } from 'node:crypto';
import { rawCommand, sh, type ShellCommand } from '../connection/command.js';
import type { ExecResult } from '../connection/types.js';
import { parseStatOutput, type FileState } from './file.js';

/**
 * Several paths' stat + sha1 (and, for small regular files asked for, their content) in one
 * round trip, with coreutils only. Each path's answer is one section of the output:
 *
 *   <separator>
 *   stat line | "missing" | "error"
 *   sha1 (regular files; empty otherwise)
 *   base64 content | "-" (not asked for, not a regular file, or larger than the limit)
 *   link target (symlinks)
 */

export interface BatchRequest {
  path: string;
  /** Also read the content (editing modules: lineinfile, blockinfile, …). */
  content: boolean;
}

/** Files above this size are stat'ed only; their content is read when a module needs it. */
export const BATCH_CONTENT_LIMIT = 256 * 1024;

const STAT_FORMAT = '%F|%a|%U|%G|%u|%g|%s|%Y';

export interface BatchCommand {
  command: ShellCommand;
  separator: string;
}

export function fileStatBatchCommand(requests: readonly BatchRequest[], separator = `PLAY-STAT-${randomBytes(6).toString('hex')}`): BatchCommand {
  // One function, called per path: the command stays short for dozens of paths.
  let command = sh`s=${separator}; f() { echo "$s"; if [ -e "$1" ] || [ -L "$1" ]; then stat -c ${STAT_FORMAT} -- "$1" 2>/dev/null || { echo error; return; }; if [ -f "$1" ] && [ ! -L "$1" ]; then sha1sum < "$1" 2>/dev/null | cut -d' ' -f1; if [ "$2" = 1 ] && [ "$(stat -c %s -- "$1")" -le ${String(BATCH_CONTENT_LIMIT)} ]; then base64 -w0 < "$1" 2>/dev/null; echo; else echo -; fi; else echo; echo -; fi; if [ -L "$1" ]; then readlink -- "$1"; fi; else echo missing; fi; }; `;
  for (const r of requests) command = command.concat(sh`f ${r.path} ${r.content ? '1' : '0'}; `);
  return { command: command.concat(rawCommand('true')), separator };
}

/**
 * The states read, in request order; undefined for a path that could not be read (permission,
 * a race with a writer): the module then reads it on its own and reports the error itself.
 */
export function parseFileStatBatch(result: ExecResult, batch: BatchCommand, count: number): (FileState | undefined)[] {
  if (result.rc !== 0) return new Array<FileState | undefined>(count).fill(undefined);
  const sections = result.stdout.split(`${batch.separator}\n`).slice(1);
  const out: (FileState | undefined)[] = [];
  for (let i = 0; i < count; i++) out.push(parseSection(sections[i]));
  return out;
}

function parseSection(section: string | undefined): FileState | undefined {
  if (section === undefined) return undefined;
  const lines = section.split('\n');
  const first = lines[0] ?? '';
  if (first === 'missing') return { kind: 'missing' };
  if (first === 'error' || !first.includes('|')) return undefined;
  const [, sha1 = '', content = '-', ...link] = lines;
  // parseStatOutput wants: stat line, sha1 line, then the link target
  const state = parseStatOutput([first, sha1, ...link].join('\n'));
  if (state.kind === 'file' && content !== '-') {
    const bytes = Buffer.from(content, 'base64');
    if (state.sha1 === undefined || bytes.length !== state.size) return { ...state };
    return { ...state, content: bytes };
  }
  return state;
}
