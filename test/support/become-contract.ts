import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawCommand, sh } from '../../src/connection/command.js';
import type { Connection } from '../../src/connection/types.js';
import { PAM_CHATTER, writeFakeSudo, type FakeSudo } from './fake-sudo.js';

const PASSWORD = 'open sesame';
const STDIN = 'COMMAND-STDIN-DATA\nsecond line\n';
/** Every test here talks to a real shell (and for SSH a real sshd) on a loaded machine. */
const TIMEOUT_MS = 120_000;

/**
 * What every transport must guarantee when sudo asks for a password: the password is written
 * once, for sudo's one prompt, and never becomes the command's input — even when sudo or PAM
 * writes more on stderr after the prompt (an expiry warning), in several chunks, before the
 * command starts. Shared by the local and the SSH transport's tests.
 */
export function describeSudoPasswordContract(name: string, setup: () => { conn: Connection; dir: string }): void {
  describe(`${name}: the sudo password reaches sudo's prompt only`, () => {
    let conn: Connection;
    let dir: string;
    let sudo: FakeSudo;
    beforeAll(() => {
      ({ conn, dir } = setup());
      sudo = writeFakeSudo(dir, PASSWORD, PAM_CHATTER);
    });
    const become = () => ({ method: 'sudo' as const, user: 'nobody', password: PASSWORD, exe: sudo.path });

    it('gives the command exactly its own stdin when PAM talks after the prompt', async () => {
      const res = await conn.exec(rawCommand('cat'), { become: become(), stdin: STDIN });
      expect(res.stdout).toBe(STDIN);
      expect(res.stdout).not.toContain(PASSWORD);
      // the chatter really came, after the prompt: sudo's stderr is the command's stderr
      for (const line of PAM_CHATTER) expect(res.stderr).toContain(line);
      expect(res.rc).toBe(0);
      expect(readFileSync(sudo.argvLog, 'utf8')).not.toContain(PASSWORD);
    }, TIMEOUT_MS);

    it('never writes the password into a file the command fills from stdin', async () => {
      const file = join(dir, 'written-from-stdin');
      const res = await conn.exec(sh`cat > ${file}`, { become: become(), stdin: STDIN });
      expect(res.rc).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(STDIN);
    }, TIMEOUT_MS);

    it('gives a command without stdin an empty input, not the password', async () => {
      const res = await conn.exec(rawCommand('cat; echo "[end]"'), { become: become() });
      expect(res).toMatchObject({ rc: 0, stdout: '[end]\n' });
    }, TIMEOUT_MS);
  });
}
