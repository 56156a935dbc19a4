import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlayError } from '../../src/errors.js';
import { MAX_COMMAND_BYTES, UnsendableCommandError, rawCommand, sh } from '../../src/connection/command.js';
import { openSsh } from '../../src/connection/ssh.js';
import type { SshConnection } from '../../src/connection/ssh.js';
import { describeSudoPasswordContract } from '../support/become-contract.js';
import { writeFakeSudo } from '../support/fake-sudo.js';
import { startSshd, sshdSkipReason } from './sshd-fixture.js';
import type { Sshd } from './sshd-fixture.js';

// Budget: up to ~50 commands a test, each a fork on the target; a loaded 2-core machine makes
// one take a second or more.
describe.skipIf(sshdSkipReason !== undefined)(`SshConnection against a real sshd ${sshdSkipReason ?? ''}`, { timeout: 180_000 }, () => {
  let sshd: Sshd;
  let conn: SshConnection;

  beforeAll(async () => {
    sshd = await startSshd();
    conn = await openSsh(sshd.spec(), { homeDir: sshd.home, agentSocket: undefined });
  });
  afterAll(async () => {
    await conn?.close();
    await sshd?.stop();
  });

  it('runs a command and reports rc, stdout and stderr separately', async () => {
    const res = await conn.exec(rawCommand('echo out; echo err >&2; exit 3'));
    expect(res).toMatchObject({ rc: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(conn.label).toBe(`${sshd.user}@[127.0.0.1]:${sshd.port}`);
  });

  it('feeds stdin and closes it', async () => {
    const input = randomBytes(100_000);
    const res = await conn.exec(rawCommand('cat; echo done >&2'), { stdin: input });
    expect(res.stdoutBytes.equals(input)).toBe(true);
    expect(res.stderr).toBe('done\n');
  });

  it('exports env (quoted) and changes directory before the command', async () => {
    const res = await conn.exec(rawCommand('printf "%s|" "$A" "$B"; pwd; sh -c \'echo "$A"\''), {
      env: { A: `it's $HOME "x"`, B: '' },
      cwd: '/tmp',
    });
    expect(res.stdout).toBe(`it's $HOME "x"||/tmp\nit's $HOME "x"\n`);
  });

  it('does not run the command when the directory does not exist', async () => {
    const res = await conn.exec(rawCommand('echo ran'), { cwd: '/nonexistent dir' });
    expect(res.rc).not.toBe(0);
    expect(res.stdout).toBe('');
  });

  it('rejects an invalid environment variable name', async () => {
    await expect(conn.exec(rawCommand('true'), { env: { 'A;rm': 'x' } })).rejects.toThrow(PlayError);
  });

  it('kills a command (and its children) that exceeds its timeout and returns 124', async () => {
    const started = Date.now();
    // A duration nobody else uses, so ps finds only this command.
    const duration = `29.${randomBytes(3).readUIntBE(0, 3)}`;
    const res = await conn.exec(rawCommand(`sleep ${duration}; echo never`), { timeoutMs: 300 });
    expect(res).toMatchObject({ rc: 124, stdout: '', stderr: '' });
    // stopped, not run to its end (29 s), however busy the machine
    expect(Date.now() - started).toBeLessThan(20_000);
    let left = '';
    for (let i = 0; i < 20; i++) {
      left = (await conn.exec(rawCommand(`ps -eo args | grep -c '^sleep ${duration}$'`))).stdout.trim();
      if (left === '0') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toBe('0');
  });

  it('stops a command when its AbortSignal fires and rejects with the reason', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 200);
    const started = Date.now();
    await expect(conn.exec(rawCommand('sleep 20'), { signal: controller.signal })).rejects.toThrow('run cancelled');
    // stopped, not run to its end (20 s)
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('reports a signal-killed command as 128 + n', async () => {
    expect((await conn.exec(rawCommand('kill -TERM $$'))).rc).toBe(128 + 15);
  });

  it('round-trips binary content through put/get to hostile file names', async () => {
    const dir = (await conn.exec(rawCommand('mktemp -d'))).stdout.trim();
    for (const name of ['plain', 'with space', `quo'te"s`, 'new\nline', '-dash', '$(touch pwned)']) {
      const content = randomBytes(70_000);
      const path = `${dir}/${name}`;
      await conn.put(content, path, { mode: 0o640 });
      expect((await conn.get(path)).equals(content)).toBe(true);
      const mode = await conn.exec(sh`stat -c %a ${path}`);
      expect(mode.stdout.trim()).toBe('640');
    }
    const listing = await conn.exec(sh`find ${dir} -mindepth 1 -maxdepth 1 -printf . | wc -c; test ! -e pwned && test ! -e ${`${dir}/pwned`}`);
    expect(listing).toMatchObject({ rc: 0, stdout: '6\n' });
    await conn.exec(sh`rm -rf ${dir}`);
  });

  it('runs the longest command a target accepts; a longer one or a NUL is refused unsent, and the connection lives on', async () => {
    const longest = rawCommand(`echo ok #${'a'.repeat(MAX_COMMAND_BYTES - 9)}`);
    expect(await conn.exec(longest)).toMatchObject({ rc: 0, stdout: 'ok\n' });
    await expect(conn.exec(longest.concat('a'.repeat(200_000)))).rejects.toThrow(UnsendableCommandError);
    await expect(conn.exec(sh`ls -- ${'/tmp/a\0b'}`)).rejects.toThrow(UnsendableCommandError);
    expect(conn.alive).toBe(true);
    expect((await conn.exec(rawCommand('echo still here'))).stdout).toBe('still here\n');
  }, 120_000);

  it('get of a missing file fails with the reason', async () => {
    await expect(conn.get('/nonexistent/file')).rejects.toThrow(/No such file/);
  });

  it('runs 30 commands at once, more than sshd allows sessions, on the one connection', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => conn.exec(rawCommand(`sleep 0.2; echo ${i}`))));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
  });

  describe('become', () => {
    it('skips sudo when the login user already is the become user', async () => {
      const res = await conn.exec(rawCommand('id -un'), { become: { method: 'sudo', user: sshd.user, exe: '/nonexistent-sudo' } });
      expect(res).toMatchObject({ rc: 0, stdout: `${sshd.user}\n` });
    });

    it('runs through real sudo -n as another user, with env and cwd applied as that user', async () => {
      const res = await conn.exec(rawCommand('id -un; echo "$V"; pwd'), {
        become: { method: 'sudo', user: 'nobody' },
        env: { V: 'v' },
        cwd: '/',
      });
      expect(res).toMatchObject({ rc: 0, stdout: 'nobody\nv\n/\n' });
    });

    it('never feeds the password to the command when sudo does not ask for it', async () => {
      const res = await conn.exec(rawCommand('cat'), {
        become: { method: 'sudo', user: 'nobody', password: 'not-asked-for' },
        stdin: 'payload\n',
      });
      expect(res).toMatchObject({ rc: 0, stdout: 'payload\n' });
      expect(res.stderr).not.toContain('[play-sudo-prompt]');
    });

    describe('with a sudo that asks for a password', () => {
      // A stand-in for sudo -S: prompts on stderr, reads one line, gives three tries, records argv.
      let fakeSudo: string;
      let argvLog: string;
      let promptLog: string;
      beforeAll(() => {
        ({ path: fakeSudo, argvLog, promptLog } = writeFakeSudo(sshd.dir, 'open sesame'));
      });

      it('answers the prompt, then passes stdin, and hides the prompt', async () => {
        const res = await conn.exec(rawCommand('cat; echo warn >&2'), {
          become: { method: 'sudo', user: 'nobody', password: 'open sesame', exe: fakeSudo },
          stdin: 'line1\nline2\n',
        });
        expect(res).toMatchObject({ rc: 0, stdout: 'line1\nline2\n', stderr: 'warn\n' });
        expect(readFileSync(argvLog, 'utf8')).not.toContain('open sesame');
      });

      it('fails fast with a clear message on a wrong password, without spending stdin on guesses', async () => {
        writeFileSync(promptLog, '');
        const attempt = conn.exec(rawCommand('cat'), {
          become: { method: 'sudo', user: 'nobody', password: 'wrong', exe: fakeSudo },
          stdin: 'open sesame\nopen sesame\n',
        });
        await expect(attempt).rejects.toThrow(/incorrect sudo password/);
        // stopped at sudo's second prompt: no third try with the command's input
        expect(readFileSync(promptLog, 'utf8')).toBe('prompt\nprompt\n');
        expect(readFileSync(argvLog, 'utf8')).not.toContain('wrong');
      });
    });

    describeSudoPasswordContract('over SSH', () => ({ conn, dir: sshd.dir }));
  });
});
