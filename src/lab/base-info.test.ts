import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeBase, formatBaseInfo, installedVersion } from './base-info.js';

const STATUS = [
  'Package: asterisk\nStatus: install ok installed\nVersion: 1:22.6.0~dfsg+~cs6.15.60671435-1',
  'Package: asterisk-modules\nStatus: install ok installed\nVersion: 1:22.6.0~dfsg+~cs6.15.60671435-1',
  'Package: libvirt-daemon\nStatus: deinstall ok config-files\nVersion: 11.0.0-1',
  'Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:10.2p1-2',
].join('\n\n');

describe('the base image description', () => {
  const base = mkdtempSync(join(tmpdir(), 'play-base-info-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('reads installed versions only, by exact package name', () => {
    expect(installedVersion(STATUS, 'asterisk')).toBe('1:22.6.0~dfsg+~cs6.15.60671435-1');
    expect(installedVersion(STATUS, 'openssh-server')).toBe('1:10.2p1-2');
    expect(installedVersion(STATUS, 'libvirt-daemon')).toBeNull(); // removed, config files left
    expect(installedVersion(STATUS, 'asterisk-mod')).toBeNull();
  });

  it("takes the archive's date from the base's own apt lists", async () => {
    mkdirSync(join(base, 'var/lib/dpkg'), { recursive: true });
    mkdirSync(join(base, 'var/lib/apt/lists'), { recursive: true });
    writeFileSync(join(base, 'var/lib/dpkg/status'), STATUS);
    writeFileSync(join(base, 'var/lib/apt/lists/deb.example_debian_dists_sid_InRelease'), 'Origin: Debian\nSuite: unstable\nDate: Mon, 07 Dec 2026 08:13:21 UTC\n');
    const info = await describeBase(base, 'sid', 'http://127.0.0.1/debian', new Date('2026-12-07T09:00:00Z'));
    expect(info).toEqual({
      builtAt: '2026-12-07T09:00:00.000Z',
      suite: 'sid',
      archiveDate: 'Mon, 07 Dec 2026 08:13:21 UTC',
      mirror: 'http://127.0.0.1/debian',
      versions: { asterisk: '1:22.6.0~dfsg+~cs6.15.60671435-1', 'libvirt-daemon': null, 'qemu-system-x86': null, 'openssh-server': '1:10.2p1-2', dahdi: null },
    });
    expect(formatBaseInfo(info)).toBe(
      'base image: Debian sid, archive of Mon, 07 Dec 2026 08:13:21 UTC, built 2026-12-07T09:00:00.000Z: asterisk 1:22.6.0~dfsg+~cs6.15.60671435-1, libvirt-daemon (none), qemu-system-x86 (none), openssh-server 1:10.2p1-2, dahdi (none)',
    );
  });
});
