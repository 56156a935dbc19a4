import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from './lock.js';

describe('withLock', () => {
  it('serialises bodies holding the same lock', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'lab-lock-')), 'l');
    const order: string[] = [];
    const body = (tag: string) => async () => {
      order.push(`${tag}+`);
      await new Promise((r) => setTimeout(r, 50));
      order.push(`${tag}-`);
    };
    await Promise.all([withLock(dir, body('a')), withLock(dir, body('b'))]);
    expect(order.join(' ')).toMatch(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
  });

  it('takes the lock of a lab root that does not exist yet', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'lab-lock-')), 'root-not-made', 'state.lock');
    expect(await withLock(dir, () => Promise.resolve('held'))).toBe('held');
  });

  it('takes over a lock whose owner is dead, times out on a live one', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'lab-lock-')), 'l');
    await mkdir(dir);
    await writeFile(join(dir, 'pid'), `${2 ** 22 + 1}\n`);
    expect(await withLock(dir, async () => 'taken', 1_000)).toBe('taken');
    await mkdir(dir);
    await writeFile(join(dir, 'pid'), `${process.pid}\n`);
    await expect(withLock(dir, async () => 'never', 600)).rejects.toThrow(/holds/);
  });
});
