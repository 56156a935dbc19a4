import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSudoPasswordContract } from '../../test/support/become-contract.js';
import { writeFakeSudo } from '../../test/support/fake-sudo.js';
import { rawCommand } from './command.js';
import { LocalConnection } from './local.js';

describe('local become with a sudo password', () => {
  let dir: string;
  let sudo: string;
  const conn = new LocalConnection();
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-sudo-'));
    // behaves like `sudo -S -p PROMPT -u USER CMD…`: prompts on stderr, reads one line from stdin
    sudo = writeFakeSudo(dir, 'right-pw').path;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers the prompt, then gives the command its own stdin, never the password', async () => {
    const r = await conn.exec(rawCommand('cat'), { stdin: 'the input\n', become: { method: 'sudo', user: 'nobody', password: 'right-pw', exe: sudo } });
    expect(r).toMatchObject({ rc: 0, stdout: 'the input\n' });
    expect(r.stderr).not.toContain('play-sudo-prompt');
  });

  describeSudoPasswordContract('local', () => ({ conn, dir }));

  it('fails at once on a wrong password', async () => {
    await expect(conn.exec(rawCommand('cat'), { stdin: 'x', become: { method: 'sudo', user: 'nobody', password: 'wrong', exe: sudo } })).rejects.toThrow(/incorrect sudo password/);
  });
});
