import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLASSROOM_INVENTORY, DEFAULT_BENCHES, MAX_BENCHES, bench, benches, classroomHosts, parseBenchCount } from './classroom.js';
import { CLASSROOM_GUEST_MEMORY_MB, renderClassroomInventory } from './classroom-inventory.js';
import { isValidHostName } from './hosts.js';
import { readInventoryWithProjectVault } from '../project/config.js';

/** 127.0.20.0–127.0.39.255: the only addresses the classroom may use. */
function inClassroomRange(address: string): boolean {
  const m = /^127\.0\.(\d+)\.(\d+)$/.exec(address);
  return m !== null && Number(m[1]) >= 20 && Number(m[1]) <= 39 && Number(m[2]) <= 255;
}

describe('the classroom model', () => {
  it('puts bench k on 127.0.(20+k).x with the default lab\'s last octets and per-bench names', () => {
    expect(bench(3)).toEqual({
      number: 3,
      group: 'bench03',
      kvmhost: { name: 'b03-kvmhost', address: '127.0.23.153' },
      guests: [
        { name: 'b03-virtual1', address: '127.0.23.195', domain: 'VirtualAsterisk1', extension: 1500, trunkUser: 7001, meshUserBase: 1000 },
        { name: 'b03-virtual2', address: '127.0.23.156', domain: 'VirtualAsterisk2', extension: 2500, trunkUser: 7002, meshUserBase: 2000 },
        { name: 'b03-virtual3', address: '127.0.23.158', domain: 'VirtualAsterisk3', extension: 3500, trunkUser: 7003, meshUserBase: 3000 },
      ],
      phone: { name: 'b03-spa303', address: '127.0.23.110', userId: 7004 },
    });
  });

  it('keeps every host and phone of the largest classroom inside its range, each address and name once', () => {
    const all = benches(MAX_BENCHES);
    const addresses = all.flatMap((b) => [b.kvmhost.address, ...b.guests.map((g) => g.address), b.phone.address]);
    const names = all.flatMap((b) => [b.kvmhost.name, ...b.guests.map((g) => g.name), b.phone.name]);
    expect(addresses).toHaveLength(5 * MAX_BENCHES);
    expect(addresses.filter((a) => !inClassroomRange(a))).toEqual([]);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !isValidHostName(n))).toEqual([]);
    expect(classroomHosts(2).map((h) => `${h.name}${h.kvm ? ' kvm' : ''}`)).toEqual([
      'b01-kvmhost kvm', 'b01-virtual1', 'b01-virtual2', 'b01-virtual3',
      'b02-kvmhost kvm', 'b02-virtual1', 'b02-virtual2', 'b02-virtual3',
    ]);
  });

  it('takes a bench count of 1…19 and refuses anything else with the range it owns', () => {
    expect(parseBenchCount(undefined)).toBe(DEFAULT_BENCHES);
    expect(parseBenchCount('10')).toBe(10);
    for (const bad of ['0', '20', '2.5', 'ten', ''])
      expect(() => parseBenchCount(bad)).toThrow(/--benches .*: expected a whole number from 1 to 19/);
    expect(() => bench(20)).toThrow(/bench 20/);
  });
});

describe('inventory/classroom.yml', () => {
  it('is what the generator writes for the default bench count (regenerate: play lab up --benches 2)', async () => {
    expect(await readFile(CLASSROOM_INVENTORY, 'utf8')).toBe(renderClassroomInventory(DEFAULT_BENCHES));
  });

  it('puts the lab\'s hosts in the lab\'s groups and gives each bench the variables that keep its roles inside it', async () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const inv = await readInventoryWithProjectVault([CLASSROOM_INVENTORY], root);
    expect(inv.select('kvm_hosts')).toEqual(['b01-kvmhost', 'b02-kvmhost']);
    expect(inv.select('pbx_guests')).toEqual(classroomHosts(2).filter((h) => !h.kvm).map((h) => h.name));
    expect(inv.select('phones')).toEqual(['b01-spa303', 'b02-spa303']);
    expect(inv.select('bench02')).toEqual(['b02-kvmhost', 'b02-virtual1', 'b02-virtual2', 'b02-virtual3', 'b02-spa303']);
    const bench2 = ['b02-virtual1', 'b02-virtual2', 'b02-virtual3'];
    for (const host of inv.select('bench02')) {
      const v = inv.hostVars(host);
      expect({ kvm_guests: v['kvm_guests'], mesh_members: v['mesh_members'], pbx_trunk_host: v['pbx_trunk_host'], spa_proxy: v['spa_proxy'] })
        .toEqual({ kvm_guests: bench2, mesh_members: bench2, pbx_trunk_host: '127.0.22.153', spa_proxy: '127.0.22.153' });
    }
    const guest = inv.hostVars('b02-virtual2');
    // the scaled-down domain wins over group_vars/pbx_guests (host vars beat group_vars/*)
    expect(guest['kvm_memory_mb']).toBe(CLASSROOM_GUEST_MEMORY_MB);
    expect(guest['ansible_ssh_private_key_file']).toBe('~/.cache/play/classroom/id_ed25519');
    // lab-wide settings still come from group_vars/lab.yml
    expect(guest['kvm_allow_emulation']).toBe(true);
  });
});
