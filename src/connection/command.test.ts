import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES, UnsendableCommandError, execArgv, quote, rawCommand, secret, sh } from './command.js';
import { LocalConnection } from './local.js';

describe('quote', () => {
  it('leaves plain words bare and single-quotes everything else', () => {
    expect(quote('/etc/hosts')).toBe('/etc/hosts');
    expect(quote('')).toBe("''");
    expect(quote("it's")).toBe(`'it'\\''s'`);
    expect(quote('a b')).toBe("'a b'");
  });

  it('quotes words a shell would read as an assignment or a reserved word in the first position', () => {
    expect(quote('HOME=/x')).toBe("'HOME=/x'");
    expect(quote('_x1=')).toBe("'_x1='");
    for (const word of ['if', 'then', 'for', 'while', 'case', 'time', 'function', 'in']) expect(quote(word)).toBe(`'${word}'`);
    // not assignments: no name before the "="
    expect(quote('=x')).toBe('=x');
    expect(quote('net.ipv4.ip_forward=1')).toBe('net.ipv4.ip_forward=1');
  });

  it('makes an assignment-like word a plain word for a real shell', async () => {
    const res = await new LocalConnection().exec(sh`${'HOME=/x'} 2>/dev/null; echo "rc=$? HOME=$HOME"`);
    expect(res.stdout).toBe(`rc=127 HOME=${process.env.HOME ?? ''}\n`);
  });
});

describe('what can be sent', () => {
  it('refuses a NUL byte anywhere, showing where and masking secrets', () => {
    const cmd = sh`cat -- ${'/tmp/a\0b'} ${secret('hunter2')}`;
    expect(() => cmd.render()).toThrow(UnsendableCommandError);
    expect(() => cmd.render()).toThrow(/NUL byte.*'\/tmp\/a\\0b' \*{8}/);
    expect(() => cmd.render()).not.toThrow(/hunter2/);
    expect(cmd.display()).toContain('********'); // display never throws
  });

  it('refuses a command longer than a target accepts, counting bytes, not characters', () => {
    expect(rawCommand('x'.repeat(MAX_COMMAND_BYTES)).render()).toHaveLength(MAX_COMMAND_BYTES);
    expect(() => rawCommand('x'.repeat(MAX_COMMAND_BYTES + 1)).render()).toThrow(/more than the 131071 a target accepts/);
    // "é" is two bytes in UTF-8
    expect(() => rawCommand('é'.repeat(MAX_COMMAND_BYTES / 2 + 1)).render()).toThrow(UnsendableCommandError);
  });

  it('is exactly the longest command the local shell accepts', async () => {
    const conn = new LocalConnection();
    const longest = rawCommand(`echo ok #${'a'.repeat(MAX_COMMAND_BYTES - 9)}`);
    expect((await conn.exec(longest)).stdout).toBe('ok\n');
    await expect(conn.exec(longest.concat('a'))).rejects.toThrow(UnsendableCommandError);
  });
});

describe('execArgv', () => {
  it('execs the program, each word quoted', () => {
    expect(execArgv(['printf', '%s\n', 'HOME=/x', '$(id)']).render()).toBe("exec printf '%s\n' 'HOME=/x' '$(id)'");
  });

  it('refuses a program name that exec would take for an option', () => {
    expect(() => execArgv(['-a', 'x', 'id'])).toThrow(/No such file or directory: '-a'/);
    expect(() => execArgv([])).toThrow(/no command given/);
  });
});
