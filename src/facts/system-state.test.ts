import { describe, expect, it } from 'vitest';
import { parseKernelModules, parseSysctlLive, sysctlPath } from './kernel.js';
import { escapeMountField, parseMountTable } from './mounts.js';
import { parseGroupEntry, parseUserAccount } from './users.js';
import { parseDomainState, parseQemuImgInfo } from './virt.js';

describe('kernel, user, mount and libvirt facts (recorded outputs)', () => {
  it('sysctl paths and values', () => {
    expect(sysctlPath('net.bridge.bridge-nf-call-iptables')).toBe('/proc/sys/net/bridge/bridge-nf-call-iptables');
    expect(sysctlPath('net/ipv4/conf/eth0.100/forwarding')).toBe('/proc/sys/net/ipv4/conf/eth0.100/forwarding');
    expect(parseSysctlLive('present\n32768\t60999\n')).toEqual({ exists: true, value: '32768\t60999' });
    expect(parseSysctlLive('missing\n')).toEqual({ exists: false, value: null });
  });

  it('kernel modules, with and without /proc/modules', () => {
    expect(parseKernelModules('#loaded\nbr_netfilter\nkvm-intel\n#builtin\nunix\n')).toEqual({ known: true, loaded: ['br_netfilter', 'kvm_intel'], builtin: ['unix'] });
    expect(parseKernelModules('#unknown\n')).toEqual({ known: false, loaded: [], builtin: [] });
  });

  it('getent passwd/group', () => {
    const u = parseUserAccount('passwd=asterisk:x:101:101:Asterisk PBX daemon:/var/lib/asterisk:/usr/sbin/nologin\ngroup=asterisk\ngroups=asterisk dialout audio\nshadow=!\n');
    expect(u).toEqual({ exists: true, uid: 101, gid: 101, group: 'asterisk', groups: ['dialout', 'audio'], comment: 'Asterisk PBX daemon', home: '/var/lib/asterisk', shell: '/usr/sbin/nologin', passwordHash: '!' });
    expect(parseUserAccount('passwd=\n')).toEqual({ exists: false });
    expect(parseGroupEntry('group=audio:x:29:pulse,asterisk\n')).toEqual({ exists: true, gid: 29, members: ['pulse', 'asterisk'] });
  });

  it('mount table escapes', () => {
    expect(parseMountTable('/dev/sdc1 /mnt/my\\040disk vfat rw 0 0\n')).toEqual([{ src: '/dev/sdc1', path: '/mnt/my disk', fstype: 'vfat', opts: 'rw' }]);
    expect(escapeMountField('/mnt/my disk')).toBe('/mnt/my\\040disk');
  });

  it('virsh dominfo: defined, undefined, libvirt down', () => {
    const st = parseDomainState('rc=0\nName:           vm\nState:          running\nPersistent:     yes\nAutostart:      enable\n#play-domain-xml\n<domain/>\n', 'vm', 'qemu:///system');
    expect(st).toEqual({ defined: true, state: 'running', autostart: true, persistent: true, xml: '<domain/>\n' });
    expect(parseDomainState("rc=1\nerror: failed to get domain 'vm'\n", 'vm', 'qemu:///system').defined).toBe(false);
    expect(() => parseDomainState('rc=1\nerror: failed to connect to the hypervisor\n', 'vm', 'qemu:///system')).toThrow('failed to connect');
  });

  it('libvirtd down: the persistent definition as the daemon will load it', () => {
    const down = "rc=1\nerror: failed to connect to the hypervisor\nerror: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory\n#play-libvirt-down\n";
    const xml = "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE.\n-->\n<domain type='qemu'><name>vm</name></domain>\n";
    expect(parseDomainState(down, 'vm', 'qemu:///system')).toEqual({ defined: false, state: null, autostart: false, persistent: false, xml: null });
    expect(parseDomainState(`${down}#play-domain-xml\n${xml}`, 'vm', 'qemu:///system')).toEqual({ defined: true, state: 'shut off', autostart: false, persistent: true, xml });
    // autostart: the daemon starts it when it comes up, unless it already autostarted since boot
    expect(parseDomainState(`${down}autostart=1\n#play-domain-xml\n${xml}`, 'vm', 'qemu:///system')).toMatchObject({ state: 'running', autostart: true });
    expect(parseDomainState(`${down}autostart=1\nautostarted=1\n#play-domain-xml\n${xml}`, 'vm', 'qemu:///system')).toMatchObject({ state: 'shut off', autostart: true });
  });

  it('qemu-img info, modern and old', () => {
    expect(parseQemuImgInfo('image: /tmp/t.qcow2\nfile format: qcow2\nvirtual size: 10 MiB (10485760 bytes)\ndisk size: 196 KiB\n')).toEqual({ exists: true, format: 'qcow2', virtualSize: 10485760 });
    expect(parseQemuImgInfo('image: a.img\nfile format: raw\nvirtual size: 34G (36700160000 bytes)\n')).toEqual({ exists: true, format: 'raw', virtualSize: 36700160000 });
    expect(parseQemuImgInfo('missing\n')).toEqual({ exists: false });
  });
});
