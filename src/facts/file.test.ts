import { describe, expect, it } from 'vitest';
import { sh } from '../connection/command.js';
import { LocalConnection } from '../connection/local.js';
import { fileStat, missingUmask } from './file.js';

describe('fileStat', () => {
  it('tells a missing path, with the umask a file created there would get', async () => {
    const conn = new LocalConnection();
    const args = { path: '/nonexistent/play-file-test' };
    const res = await conn.exec(sh`umask 027; `.concat(fileStat.command(args)));
    expect(fileStat.parse(res, args)).toEqual({ kind: 'missing' });
    expect(missingUmask(res.stdout)).toBe(0o027);
  });

  it('reads an existing path without a umask', async () => {
    const conn = new LocalConnection();
    const res = await conn.exec(fileStat.command({ path: '/' }));
    expect(fileStat.parse(res, { path: '/' })).toMatchObject({ kind: 'directory' });
    expect(missingUmask(res.stdout)).toBeUndefined();
  });
});
