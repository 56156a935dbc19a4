import { describe, expect, it } from 'vitest';
import { SUDO_PROMPT, wrapBecome } from '../../src/connection/become.js';
import { rawCommand } from '../../src/connection/command.js';

describe('wrapBecome as the SSH transport uses it', () => {
  it('never puts the sudo password in the command line', () => {
    const { command } = wrapBecome(rawCommand('id -u'), { method: 'sudo', user: 'root', password: 'pa$$ word' });
    expect(command.render()).not.toContain('pa$$ word');
    expect(command.display()).not.toContain('pa$$ word');
    expect(command.render()).toContain(`-S -p '${SUDO_PROMPT}'`);
  });

  it('uses non-interactive sudo when there is no password', () => {
    const { command } = wrapBecome(rawCommand('id -u'), { method: 'sudo', user: 'postgres' });
    expect(command.render()).toBe("sudo -H -n -u postgres /bin/sh -c 'id -u'");
  });
});
