import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { initScript, innerInitScript, sshdOptions } from './init-script.js';

const params = {
  name: 'virtual1',
  address: '127.0.10.195',
  kvm: false,
  base: '/cache/play/lab/base',
  upper: '/cache/play/lab/hosts/virtual1/upper',
  work: '/cache/play/lab/hosts/virtual1/work',
  merged: '/cache/play/lab/hosts/virtual1/merged',
  publicKey: "/cache/it's here/id_ed25519.pub",
};

function shSyntaxOk(script: string): boolean {
  return spawnSync('/bin/sh', ['-n', '-c', script]).status === 0;
}

describe('lab host init script', () => {
  it('is valid POSIX shell, outside and inside the root', () => {
    expect(shSyntaxOk(initScript(params))).toBe(true);
    expect(shSyntaxOk(innerInitScript(params.address, ['/usr/sbin/virtlogd -d']))).toBe(true);
  });

  it('mounts the overlay of base + the host layer', () => {
    expect(initScript(params)).toContain(
      `mount -t overlay overlay -o 'lowerdir=${params.base},upperdir=${params.upper},workdir=${params.work}' "$root"`,
    );
  });

  it('binds sshd to the host address only, key-only root login', () => {
    expect(sshdOptions(params.address)).toContain('ListenAddress=127.0.10.195:22');
    expect(sshdOptions(params.address)).toContain('PermitRootLogin=prohibit-password');
    expect(sshdOptions(params.address)).toContain('UsePAM=no');
    expect(innerInitScript(params.address)).toMatch(/\/usr\/sbin\/sshd .*-o 'ListenAddress=127\.0\.10\.195:22'/);
  });

  it('gives /dev/kvm only to kvm hosts', () => {
    expect(initScript(params)).not.toMatch(/mknod [^\n]*dev\/kvm/);
    expect(initScript({ ...params, kvm: true })).toContain('mknod -m 660 "$root"/dev/kvm c 10 232');
  });

  it('quotes paths it does not control', () => {
    expect(initScript(params)).toContain(`cp '/cache/it'\\''s here/id_ed25519.pub'`);
  });

  it('refuses paths that would break overlay options', () => {
    expect(() => initScript({ ...params, upper: '/a,b/upper' })).toThrow(PlayError);
  });

  it('runs extra daemons after sshd, before settling as init', () => {
    const inner = innerInitScript(params.address, ['/usr/sbin/libvirtd -d']);
    expect(inner.indexOf('/usr/sbin/libvirtd -d')).toBeGreaterThan(inner.indexOf('/usr/sbin/sshd'));
    expect(inner.indexOf('/usr/sbin/libvirtd -d')).toBeLessThan(inner.indexOf('while :'));
  });
});
