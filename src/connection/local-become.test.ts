import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCommand } from './command.js';
import { LocalConnection } from './local.js';

/**
 * A stand-in for sudo that behaves like `sudo -S -p PROMPT -u USER CMD…`: prompts on stderr,
 * reads one line from stdin, refuses a wrong password (prompting again), then runs the command.
 */
const FAKE_SUDO = `#!/bin/sh
prompt=; while [ $# -gt 0 ]; do case $1 in -p) prompt=$2; shift 2;; -u) shift 2;; -S|-H|-n) shift;; *) break;; esac; done
for try in 1 2 3; do
  printf '%s' "$prompt" >&2; IFS= read -r pw || exit 1
  if [ "$pw" = "right-pw" ]; then exec "$@"; fi
done
exit 1
`;

describe('local become with a sudo password', () => {
  let dir: string;
  let sudo: string;
  const conn = new LocalConnection();
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'play-sudo-'));
    sudo = path.join(dir, 'sudo');
    await writeFile(sudo, FAKE_SUDO);
    await chmod(sudo, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers the prompt, then gives the command its own stdin, never the password', async () => {
    const r = await conn.exec(rawCommand('cat'), { stdin: 'the input\n', become: { method: 'sudo', user: 'nobody', password: 'right-pw', exe: sudo } });
    expect(r).toMatchObject({ rc: 0, stdout: 'the input\n' });
    expect(r.stderr).not.toContain('play-sudo-prompt');
  });

  it('fails at once on a wrong password', async () => {
    await expect(conn.exec(rawCommand('cat'), { stdin: 'x', become: { method: 'sudo', user: 'nobody', password: 'wrong', exe: sudo } })).rejects.toThrow(/incorrect sudo password/);
  });
});
