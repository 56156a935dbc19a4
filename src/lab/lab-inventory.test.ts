import { describe, expect, it } from 'vitest';
import { LAB_INVENTORY, parseLabInventory, readLabInventory } from './lab-inventory.js';

describe('the lab inventory is the one source of lab addresses', () => {
  it('reads inventory/lab.yml: the SSH hosts in file order, kvm for kvm_hosts, the phone apart', () => {
    expect(readLabInventory()).toEqual({
      hosts: [
        { name: 'kvmhost', address: '127.0.10.153', kvm: true },
        { name: 'virtual1', address: '127.0.10.195', kvm: false },
        { name: 'virtual2', address: '127.0.10.156', kvm: false },
        { name: 'virtual3', address: '127.0.10.158', kvm: false },
      ],
      spa303Address: '127.0.10.110',
    });
    expect(LAB_INVENTORY).toMatch(/inventory\/lab\.yml$/);
  });

  it('follows an edited inventory: a moved address, an added guest, a connection set on a group', () => {
    const text = `all:
  children:
    lab:
      children:
        kvm_hosts:
          hosts:
            kvmhost: { ansible_host: 127.0.20.1 }
        pbx_guests:
          vars: { ansible_user: root }
          hosts:
            virtual1: { ansible_host: 127.0.20.2 }
            virtual4: { ansible_host: 127.0.20.4, ansible_connection: ssh }
        phones:
          vars: { ansible_connection: http }
          hosts:
            spa303: { ansible_host: 127.0.20.9 }
`;
    expect(parseLabInventory(text, 'lab.yml')).toEqual({
      hosts: [
        { name: 'kvmhost', address: '127.0.20.1', kvm: true },
        { name: 'virtual1', address: '127.0.20.2', kvm: false },
        { name: 'virtual4', address: '127.0.20.4', kvm: false },
      ],
      spa303Address: '127.0.20.9',
    });
  });

  it('refuses an inventory without the phone, a host without an address, or no "all" group', () => {
    expect(() => parseLabInventory('all:\n  hosts:\n    kvmhost: { ansible_host: 127.0.20.1 }\n', 'x.yml')).toThrow(/x\.yml: no host spa303/);
    expect(() => parseLabInventory('all:\n  hosts:\n    kvmhost: {}\n', 'x.yml')).toThrow(/kvmhost has no ansible_host/);
    expect(() => parseLabInventory('- a\n', 'x.yml')).toThrow(/"all" group/);
    expect(() => readLabInventory('/nonexistent/lab.yml')).toThrow(/cannot read the lab inventory/);
  });
});
