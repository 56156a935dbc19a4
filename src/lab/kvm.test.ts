import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labKvm } from './kvm.js';

describe('labKvm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'play-kvm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives KVM only when the device opens', () => {
    const openable = join(dir, 'kvm');
    writeFileSync(openable, '');
    expect(labKvm({}, openable)).toEqual({ available: true, reason: `${openable} opens` });
    expect(labKvm({}, join(dir, 'missing'))).toEqual({ available: false, reason: `${join(dir, 'missing')} is missing` });
  });

  it('hides a working device when PLAY_LAB_KVM says so', () => {
    const openable = join(dir, 'kvm2');
    writeFileSync(openable, '');
    for (const v of ['0', 'off', 'no', 'false', ' OFF ']) expect(labKvm({ PLAY_LAB_KVM: v }, openable).available).toBe(false);
    expect(labKvm({ PLAY_LAB_KVM: '0' }, openable).reason).toBe(`${openable} hidden by PLAY_LAB_KVM=0`);
    expect(labKvm({ PLAY_LAB_KVM: '1' }, openable).available).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('says why an unbound device node is no KVM', () => {
    // a character device with no driver behind it: what a machine without the kvm module has
    const node = join(dir, 'unbound');
    execFileSync('mknod', [node, 'c', '10', '250']);
    expect(labKvm({}, node)).toMatchObject({ available: false });
    expect(labKvm({}, node).reason).toMatch(/does not open \((ENXIO|ENODEV|EACCES)\)/);
  });
});
