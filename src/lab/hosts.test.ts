import { describe, expect, it } from 'vitest';
import { formatStatus } from './cli.js';
import { isLoopbackAddress, isValidHostName, labPaths } from './hosts.js';
import { defaultLabHosts } from './lab-inventory.js';

describe('lab hosts and paths', () => {
  it('keeps everything under XDG_CACHE_HOME/play/lab, else ~/.cache', () => {
    expect(labPaths({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }).state).toBe('/x/cache/play/lab/state.json');
    expect(labPaths({ HOME: '/home/u' }).base).toBe('/home/u/.cache/play/lab/base');
    expect(labPaths({ HOME: '/home/u' }).privateKey).toBe('/home/u/.cache/play/lab/id_ed25519');
  });

  it('default hosts are loopback addresses, only kvmhost has KVM', () => {
    const hosts = defaultLabHosts();
    expect(hosts.every((h) => isLoopbackAddress(h.address) && isValidHostName(h.name))).toBe(true);
    expect(hosts.filter((h) => h.kvm).map((h) => h.name)).toEqual(['kvmhost']);
  });

  it('refuses addresses outside 127.0.0.0/8 and odd names', () => {
    expect(isLoopbackAddress('192.168.0.195')).toBe(false); // the thesis' VIRTUAL1 is never a lab address
    expect(isLoopbackAddress('127.0.10.300')).toBe(false);
    expect(isValidHostName('../etc')).toBe(false);
  });

  it('formats status as an aligned table', () => {
    const text = formatStatus([
      { name: 'kvmhost', kind: 'host', address: '127.0.10.153', up: true },
      { name: 'virtual1', kind: 'host', address: '127.0.10.195', up: false },
    ]);
    expect(text.split('\n')).toEqual([
      'HOST      ADDRESS          STATE',
      'kvmhost   127.0.10.153     up',
      'virtual1  127.0.10.195     down',
      '',
    ]);
  });
});
