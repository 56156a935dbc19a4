import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { LocalConnection } from '../connection/local.js';
import { DEFAULT_GATHER_ARGS, gatherFacts } from './system.js';

describe('gather facts (run on this machine)', () => {
  it('reports what the machine says about itself', async () => {
    const facts = gatherFacts.parse(await new LocalConnection().exec(gatherFacts.command(DEFAULT_GATHER_ARGS)), DEFAULT_GATHER_ARGS);
    expect(facts).toMatchObject({
      kernel: os.release(),
      system: 'Linux',
      architecture: execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim(),
      nodename: os.hostname(),
      processor_vcpus: os.cpus().length,
      memtotal_mb: Math.floor(os.totalmem() / 2 ** 20),
      user_uid: process.getuid?.(),
      user_id: os.userInfo().username,
    });
    expect(Math.abs(Number(facts.date_time && (facts.date_time as { epoch: string }).epoch) - Date.now() / 1000)).toBeLessThan(60);
  });
});

/** The gather script in a private mount namespace whose /dev holds only the given kvm node. */
function gatherWithKvmNode(node: 'none' | 'unbound' | 'real'): Record<string, unknown> {
  const mk = node === 'real' ? 'mknod /dev/kvm c 10 232' : node === 'unbound' ? 'mknod /dev/kvm c 10 250' : ':';
  const script = gatherFacts.command(DEFAULT_GATHER_ARGS).render();
  const out = execFileSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs tmpfs /dev && mknod /dev/null c 1 3 && ${mk} && ${script}`], { encoding: 'utf8' });
  return gatherFacts.parse({ rc: 0, stdout: out, stderr: '', stdoutBytes: Buffer.from(out) }, DEFAULT_GATHER_ARGS);
}

const machineKvmOpens = ((): boolean => {
  try {
    closeSync(openSync('/dev/kvm', 'r'));
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(process.getuid?.() === 0)('the KVM facts', () => {
  it('say whether /dev/kvm exists and whether it opens', () => {
    expect(gatherWithKvmNode('none')).toMatchObject({ kvm_device: false, kvm_device_node: false });
    // a node with no driver behind it (ENXIO): present, but not KVM
    expect(gatherWithKvmNode('unbound')).toMatchObject({ kvm_device: false, kvm_device_node: true });
    expect(gatherWithKvmNode('real')).toMatchObject({ kvm_device: machineKvmOpens, kvm_device_node: true });
  });
});

describe('the gather script in the shells of old and new targets', () => {
  const run = (shell: string[]): Record<string, unknown> => {
    const out = execFileSync(shell[0] as string, [...shell.slice(1), '-c', gatherFacts.command(DEFAULT_GATHER_ARGS).render()], { encoding: 'utf8' });
    return gatherFacts.parse({ rc: 0, stdout: out, stderr: '', stdoutBytes: Buffer.from(out) }, DEFAULT_GATHER_ARGS);
  };
  // dash is a strict POSIX sh; bash --posix stands for CentOS 5's /bin/sh (bash 3.2)
  it.each([['dash'], ['bash', '--posix']])('%s gives every fact', (...shell) => {
    const facts = run(shell);
    for (const k of ['date_time', 'env', 'interfaces', 'default_ipv4', 'all_ipv4_addresses', 'mounts', 'lsb', 'user_dir', 'selinux', 'processor_vcpus', 'memory_mb', 'uptime_seconds', 'kernel_version', 'virtualization_type', 'local']) {
      expect(facts[k], k).toBeDefined();
    }
    expect(Object.keys(facts.date_time as object)).toHaveLength(20);
    expect(facts.asterisk_version).toBeUndefined();
  });
});

describe('the parsers on a CentOS 5 host (recorded output: no os-release, no %S in stat, no ip -6)', () => {
  const recorded = [
    'redhat_release=CentOS release 5.5 (Final)',
    'system=Linux',
    'kernel=2.6.18-194.el5',
    'arch=i686',
    'kernel_version=#1 SMP Fri Apr 2 14:58:35 EDT 2010',
    'hostname=elastix',
    'date=2011|05|14|09|30|00|CET|+0100|Saturday|6|19|1305361800|N',
    'user_id=root',
    'user_uid=0',
    'user_gid=0',
    'uptime=3600.50 3000.00',
    '@@begin passwd',
    'root:x:0:0:root:/root:/bin/bash',
    '@@end passwd',
    '@@begin meminfo',
    'MemTotal:       515600 kB',
    'MemFree:        102400 kB',
    'Buffers:         10240 kB',
    'Cached:          20480 kB',
    'SwapTotal:     1048568 kB',
    'SwapFree:      1048568 kB',
    '@@end meminfo',
    '@@begin cpuinfo',
    'processor=0',
    'vendor_id=GenuineIntel',
    'model name=Intel(R) Pentium(R) 4 CPU 3.00GHz',
    '@@end cpuinfo',
    '@@begin mounts',
    '/dev/VolGroup00/LogVol00 / ext3 rw 0 0',
    'proc /proc proc rw 0 0',
    '@@end mounts',
    '@@begin statfs',
    '? 4096 1000 500 600 2000 1500 /',
    '@@end statfs',
    '@@begin links',
    'eth0 00:16:3e:00:00:01 1500 1 0x1003 unknown -',
    'lo 00:00:00:00:00:00 16436 772 0x9 unknown -',
    '@@end links',
    '@@begin ipv4',
    '2: eth0    inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0',
    '1: lo    inet 127.0.0.1/8 scope host lo',
    '@@end ipv4',
    '@@begin route4',
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
    'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
    '@@end route4',
  ].join('\n');
  const facts = gatherFacts.parse({ rc: 0, stdout: recorded, stderr: '', stdoutBytes: Buffer.from(recorded) }, DEFAULT_GATHER_ARGS);

  it('reads distribution, dates, memory, processor and mounts', () => {
    expect(facts).toMatchObject({ distribution: 'CentOS', distribution_major_version: '5', user_dir: '/root', user_shell: '/bin/bash', uptime_seconds: 3600, memtotal_mb: 503, memfree_mb: 100 });
    expect(facts.date_time).toMatchObject({ date: '2011-05-14', iso8601: '2011-05-14T08:30:00Z', iso8601_micro: '2011-05-14T08:30:00.000000Z', weekday: 'Saturday', tz: 'CET', tz_dst: 'CET' });
    expect(facts).toMatchObject({ processor: ['0', 'GenuineIntel', 'Intel(R) Pentium(R) 4 CPU 3.00GHz'], processor_count: 1, processor_cores: 1, processor_vcpus: 1 });
    expect(facts.memory_mb).toEqual({ real: { total: 503, free: 100, used: 403 }, nocache: { free: 130, used: 373 }, swap: { total: 1023, free: 1023, used: 0, cached: 0 } });
    expect(facts.mounts).toEqual([
      { mount: '/', device: '/dev/VolGroup00/LogVol00', fstype: 'ext3', options: 'rw', uuid: 'N/A', size_total: 4096000, size_available: 2048000, block_size: 4096, block_total: 1000, block_available: 500, block_used: 500, inode_total: 2000, inode_available: 1500, inode_used: 500 },
    ]);
  });

  it('reads the interfaces and the default route from /proc/net', () => {
    expect(facts.interfaces).toEqual(['eth0', 'lo']);
    expect(facts.eth0).toEqual({
      device: 'eth0',
      macaddress: '00:16:3e:00:00:01',
      mtu: 1500,
      active: true,
      type: 'ether',
      promisc: false,
      ipv4: { address: '192.0.2.10', broadcast: '192.0.2.255', netmask: '255.255.255.0', network: '192.0.2.0', prefix: '24' },
    });
    expect(facts.lo).toMatchObject({ type: 'loopback', ipv4: { address: '127.0.0.1', broadcast: '', netmask: '255.0.0.0' } });
    expect(facts.default_ipv4).toMatchObject({ address: '192.0.2.10', gateway: '192.0.2.1', interface: 'eth0', alias: 'eth0', macaddress: '00:16:3e:00:00:01', mtu: 1500, type: 'ether' });
    expect(facts.all_ipv4_addresses).toEqual(['192.0.2.10']);
    expect(facts.default_ipv6).toEqual({});
  });
});
