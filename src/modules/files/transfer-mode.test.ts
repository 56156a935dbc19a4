import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validatedWriteScript } from './validate.js';
import { sh, type ShellCommand } from '../../connection/command.js';
import { LocalConnection } from '../../connection/local.js';
import { putViaExec } from '../../connection/transfer.js';
import type { ExecOptions } from '../../connection/types.js';

/**
 * The mode a write gives a file, on a real sh: a new file follows the session's umask (0666 less
 * it, as Ansible's atomic_move), an existing one keeps its mode, an explicit mode wins.
 */
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The local transport, with every command run under `umask` (as a target session would be). */
function under(umask: string) {
  const local = new LocalConnection();
  return { exec: (command: ShellCommand, opts?: ExecOptions) => local.exec(sh`umask ${umask}; `.concat(command), opts) };
}

const modeOf = async (p: string): Promise<string> => ((await stat(p)).mode & 0o7777).toString(8).padStart(4, '0');

describe('the mode of a written file', () => {
  for (const [umask, expected] of [['077', '0600'], ['022', '0644'], ['027', '0640']] as const) {
    it(`is ${expected} for a new file under umask ${umask}, through put and validated writes`, async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'play-mode-'));
      const conn = under(umask);
      await putViaExec(conn, Buffer.from('x\n'), path.join(dir, 'put'));
      expect(await modeOf(path.join(dir, 'put'))).toBe(expected);
      const res = await conn.exec(validatedWriteScript(path.join(dir, 'validated'), 'test -s %s', undefined), { stdin: 'x\n' });
      expect(res.rc).toBe(0);
      expect(await modeOf(path.join(dir, 'validated'))).toBe(expected);
    });
  }

  it('keeps an existing file mode, and an explicit mode wins over both', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-mode-'));
    const conn = under('077');
    const existing = path.join(dir, 'existing');
    await writeFile(existing, 'old\n');
    await chmod(existing, 0o664);
    await putViaExec(conn, Buffer.from('new\n'), existing);
    expect(await modeOf(existing)).toBe('0664');
    await putViaExec(conn, Buffer.from('x\n'), path.join(dir, 'explicit'), { mode: 0o604 });
    expect(await modeOf(path.join(dir, 'explicit'))).toBe('0604');
  });
});
