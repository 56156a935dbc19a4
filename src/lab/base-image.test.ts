import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { desiredStamp, stampMatches } from './base-image.js';
import { baseBuildScript } from './base-script.js';
import { DEFAULT_LAB_PACKAGES } from './hosts.js';

describe('base image stamp', () => {
  it('ignores order and duplicates of the package list', () => {
    expect(desiredStamp(['b', 'a', 'b'])).toEqual(desiredStamp(['a', 'b']));
  });

  it('a changed package list means a rebuild', () => {
    const have = desiredStamp(DEFAULT_LAB_PACKAGES);
    expect(stampMatches(have, desiredStamp(DEFAULT_LAB_PACKAGES))).toBe(true);
    expect(stampMatches(have, desiredStamp([...DEFAULT_LAB_PACKAGES, 'sip-tester']))).toBe(false);
    expect(stampMatches(undefined, have)).toBe(false);
  });
});

describe('base build script', () => {
  const script = baseBuildScript("/cache/lab/base.tmp-1", DEFAULT_LAB_PACKAGES);

  it('is valid shell', () => {
    expect(spawnSync('/bin/sh', ['-n', '-c', script]).status).toBe(0);
  });

  it('keeps package scripts away from the machine: private /dev, no service starts', () => {
    expect(script).not.toMatch(/--r?bind \/dev/);
    expect(script).toContain('mount -t tmpfs -o mode=755,nosuid tmpfs /cache/lab/base.tmp-1/dev');
    expect(script.indexOf('policy-rc.d')).toBeLessThan(script.indexOf('install openssh-server'));
  });

  it('installs without recommends and removes the build-time host keys', () => {
    expect(script).toMatch(/--no-install-recommends install openssh-server .* dahdi/);
    expect(script).toContain('rm -f /cache/lab/base.tmp-1/etc/ssh/ssh_host_*');
  });

  it('stubs the DAHDI kernel modules only when dahdi is wanted', () => {
    expect(script).toContain('Provides: dahdi-dkms, dahdi-source');
    expect(baseBuildScript('/b', ['openssh-server'])).not.toContain('dahdi');
  });

  it('configures libvirt for a namespace host', () => {
    expect(script).toContain('namespaces = []');
    expect(script).toContain('cgroup_controllers = []');
  });
});
