import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRealDirectory, ensureLabRoot } from './root-dir.js';

const asRoot = process.getuid?.() === 0;

describe('the lab directory is used only when it is safe', () => {
  const top = mkdtempSync(join(tmpdir(), 'play-labroot-'));
  afterAll(() => rmSync(top, { recursive: true, force: true }));

  it('is made 0700, and tightened when it is ours', async () => {
    const root = join(top, 'a', 'play', 'lab');
    await ensureLabRoot(root);
    expect(statSync(root).mode & 0o777).toBe(0o700);
    chmodSync(root, 0o755);
    await ensureLabRoot(root);
    expect(statSync(root).mode & 0o777).toBe(0o700);
  });

  it('refuses a symbolic link planted as the lab directory, and touches nothing behind it', async () => {
    const victim = join(top, 'victim');
    mkdirSync(victim);
    writeFileSync(join(victim, 'precious'), 'x');
    mkdirSync(join(top, 'b', 'play'), { recursive: true });
    symlinkSync(victim, join(top, 'b', 'play', 'lab'));
    await expect(ensureLabRoot(join(top, 'b', 'play', 'lab'))).rejects.toThrow(/is a symbolic link/);
    expect(readdirSync(victim)).toEqual(['precious']);
  });

  it('refuses a hosts directory that is a link (a base rebuild deletes its entries)', async () => {
    const root = join(top, 'c');
    await ensureLabRoot(root);
    symlinkSync(join(top, 'victim'), join(root, 'hosts'));
    await expect(assertRealDirectory(join(root, 'hosts'))).rejects.toThrow(/hosts is a symbolic link/);
    await expect(assertRealDirectory(join(root, 'missing'))).resolves.toBeUndefined();
  });

  it('refuses a directory below one that others can write', async () => {
    const open = join(top, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777); // world-writable, not sticky
    await expect(ensureLabRoot(join(open, 'lab'))).rejects.toThrow(/which others can write/);
  });

  it.runIf(asRoot)("refuses another user's directory", async () => {
    const theirs = join(top, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    await expect(ensureLabRoot(theirs)).rejects.toThrow(/belongs to uid 65534/);
  });
});
