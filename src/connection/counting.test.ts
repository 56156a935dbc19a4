import { describe, expect, it } from 'vitest';
import { secret, sh } from './command.js';
import { CountingConnection } from './counting.js';
import { LocalConnection } from './local.js';

describe('CountingConnection', () => {
  it('counts round trips and traces commands with their secrets masked', async () => {
    const lines: string[] = [];
    const conn = new CountingConnection(new LocalConnection(), (l) => void lines.push(l));
    const res = await conn.exec(sh`printf %s ${secret('hunter2')} | wc -c`);
    expect(res.stdout.trim()).toBe('7');
    expect(conn.roundTrips).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('printf %s ******** | wc -c');
    expect(lines.join('')).not.toContain('hunter2');
  });
});
