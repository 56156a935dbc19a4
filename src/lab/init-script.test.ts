import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { initScript, innerInitScript, sshdOptions } from './init-script.js';
import { LAB_HOST_MARKER, RESTART_EXIT_CODE, RESTART_SIGNAL, STOP_SIGNAL } from './power-layer.js';

const params = {
  name: 'virtual1',
  address: '127.0.10.195',
  kvm: false,
  base: '/cache/play/lab/base',
  upper: '/cache/play/lab/hosts/virtual1/upper',
  work: '/cache/play/lab/hosts/virtual1/work',
  merged: '/cache/play/lab/hosts/virtual1/merged',
  bootId: '/cache/play/lab/hosts/virtual1/boot_id',
  authorizedKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample it's-the-lab\n",
};

function shSyntaxOk(script: string): boolean {
  return spawnSync('/bin/sh', ['-n', '-c', script]).status === 0;
}

describe('lab host init script', () => {
  it('is valid POSIX shell, outside and inside the root', () => {
    expect(shSyntaxOk(initScript(params))).toBe(true);
    expect(shSyntaxOk(innerInitScript({ ...params, daemons: ['/usr/sbin/virtlogd -d'] }))).toBe(true);
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
    expect(innerInitScript(params)).toMatch(/\/usr\/sbin\/sshd .*-o 'ListenAddress=127\.0\.10\.195:22'/);
  });

  it('gives /dev/kvm only to kvm hosts', () => {
    expect(initScript(params)).not.toMatch(/mknod [^\n]*dev\/kvm/);
    expect(initScript({ ...params, kvm: true })).toContain('mknod -m 660 "$root"/dev/kvm c 10 232');
  });

  it('quotes what it does not control', () => {
    expect(innerInitScript(params)).toContain(`printf '%s\\n' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample it'\\''s-the-lab' > /root/.ssh/authorized_keys`);
  });

  it("writes the host's files inside the root, never through its path from outside", () => {
    const outside = initScript(params).split('exec setpriv')[0] ?? '';
    expect(outside).not.toMatch(/> "\$root"|cp [^\n]*"\$root"|tee [^\n]*"\$root"/);
    expect(innerInitScript(params)).toContain('rm -f /etc/hostname; echo virtual1 > /etc/hostname');
  });

  it('drops the capabilities that reach the machine, and makes /proc/sys read-only', () => {
    const script = initScript(params);
    expect(script).toContain('exec setpriv --bounding-set -sys_module,-sys_boot,-mknod,-sys_rawio chroot "$root"');
    expect(script).toContain('mount --bind "$root"/proc/sys "$root"/proc/sys && mount -o remount,bind,ro "$root"/proc/sys');
    expect(script.indexOf('remount,bind,ro "$root"/proc/sys')).toBeGreaterThan(script.indexOf('mount -t proc'));
  });

  it('refuses paths that would break overlay options', () => {
    expect(() => initScript({ ...params, upper: '/a,b/upper' })).toThrow(PlayError);
  });

  it('runs extra daemons after sshd, before settling as init', () => {
    const inner = innerInitScript({ ...params, daemons: ['/usr/sbin/libvirtd -d'] });
    expect(inner.indexOf('/usr/sbin/libvirtd -d')).toBeGreaterThan(inner.indexOf('/usr/sbin/sshd'));
    expect(inner.indexOf('/usr/sbin/libvirtd -d')).toBeLessThan(inner.indexOf('while :'));
  });

  it('gives each boot a new boot id, read-only, over the read-only /proc/sys', () => {
    const script = initScript(params);
    const fresh = script.indexOf(`cat /proc/sys/kernel/random/uuid > ${params.bootId}`);
    const bind = script.indexOf(`mount --bind ${params.bootId} "$root"/proc/sys/kernel/random/boot_id && mount -o remount,bind,ro "$root"/proc/sys/kernel/random/boot_id`);
    expect(fresh).toBeGreaterThan(-1);
    expect(bind).toBeGreaterThan(fresh);
    // on top of the read-only bind of /proc/sys, or that bind would hide it
    expect(bind).toBeGreaterThan(script.indexOf('remount,bind,ro "$root"/proc/sys '));
    expect(bind).toBeLessThan(script.indexOf('exec setpriv'));
  });

  it('takes the power commands\' signals: restart exits for a new boot, stop for good', () => {
    const inner = innerInitScript(params);
    expect(inner).toContain(`trap 'echo "lab: $(hostname) restarting"; stop_all; exit ${RESTART_EXIT_CODE}' ${RESTART_SIGNAL}`);
    expect(inner).toContain(`trap 'echo "lab: $(hostname) stopping"; stop_all; exit 0' TERM INT ${STOP_SIGNAL}`);
    // set before the init settles, and the marker that lets the power commands run is made first
    expect(inner.indexOf(`${RESTART_SIGNAL}\n`)).toBeLessThan(inner.indexOf('while :'));
    expect(inner.indexOf(`: > ${LAB_HOST_MARKER}`)).toBeLessThan(inner.indexOf('/usr/sbin/sshd'));
  });

  it('stops every process of the host before it exits, gently first', () => {
    expect(innerInitScript(params)).toContain('stop_all() { kill -TERM -1 2>/dev/null; sleep 1; kill -KILL -1 2>/dev/null; }');
  });

  it('mounts the power layer over the base when given, below the host layer', () => {
    const script = initScript({ ...params, layers: ['/cache/play/lab/power'] });
    expect(script).toContain(`lowerdir=/cache/play/lab/power:${params.base},upperdir=${params.upper}`);
  });
});
