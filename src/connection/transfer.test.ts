import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShellCommand } from './command.js';
import { putViaExec } from './transfer.js';
import type { ExecOptions, ExecResult } from './types.js';

/**
 * The transfer script on a real sh: a stdin cut short (the controller died mid-transfer, the
 * connection closed) must never replace the destination, and no temp file may stay behind.
 */
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the script with sh, feeding only `keep` of the content's bytes, like a dropped connection. */
function shellConn(keep: (content: Buffer) => Buffer, seen: { modes: string[] }) {
  return {
    exec: async (command: ShellCommand, opts: ExecOptions = {}): Promise<ExecResult> => {
      const input = opts.stdin === undefined ? Buffer.alloc(0) : keep(Buffer.from(opts.stdin));
      // watch the temp file's mode while it exists
      const script = command.render().replace('cat > "$t"', 'stat -c %a "$t" >&2; cat > "$t"');
      const r = spawnSync('sh', ['-c', script], { input });
      const stderr = r.stderr.toString();
      seen.modes.push(...(stderr.match(/^\d{3}$/gm) ?? []));
      return { rc: r.status ?? 255, stdout: r.stdout.toString(), stderr, stdoutBytes: r.stdout };
    },
  };
}

describe('putViaExec', () => {
  it('replaces the file atomically through a 0600 temp file', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-transfer-'));
    const dest = path.join(dir, 'app.conf');
    await writeFile(dest, 'original\n');
    const seen = { modes: [] as string[] };
    await putViaExec(shellConn((b) => b, seen), Buffer.from('new content\n'), dest);
    expect(await readFile(dest, 'utf8')).toBe('new content\n');
    expect(seen.modes).toEqual(['600']);
    expect(await readdir(dir)).toEqual(['app.conf']);
  });

  it('a stdin cut short never replaces the file and leaves no temp file', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-transfer-'));
    const dest = path.join(dir, 'app.conf');
    await writeFile(dest, 'original\n', { mode: 0o640 });
    const content = Buffer.alloc(100_000, 'x');
    const put = putViaExec(shellConn((b) => b.subarray(0, 4096), { modes: [] }), content, dest);
    await expect(put).rejects.toThrow(/short write: 4096 of 100000 bytes/);
    expect(await readFile(dest, 'utf8')).toBe('original\n');
    expect((await stat(dest)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['app.conf']);
  });
});
