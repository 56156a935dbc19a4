import { describe, expect, it } from 'vitest';
import { rawCommand } from './command.js';
import { LocalConnection } from './local.js';

describe('LocalConnection', () => {
  it('reports a signal-killed command as 128 + n, like a shell and the SSH transport', async () => {
    const conn = new LocalConnection();
    expect((await conn.exec(rawCommand('kill -TERM $$'))).rc).toBe(128 + 15);
    expect((await conn.exec(rawCommand('kill -INT $$'))).rc).toBe(128 + 2);
  });
});
