import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLASSROOM_INVENTORY } from '../../lab/classroom.js';
import { LAB_INVENTORY } from '../../lab/lab-inventory.js';
import { readInventoryWithProjectVault } from '../../project/config.js';
import { damageTarget, labAccess } from './lab-break.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const names = (hosts: readonly { name: string }[]): string[] => hosts.map((h) => h.name);

describe('play lab break: the damaged host\'s neighbourhood', () => {
  it('in the one-bench lab: the kvm host and every other guest', async () => {
    const inv = await readInventoryWithProjectVault([LAB_INVENTORY], ROOT);
    const t = damageTarget(inv, 'virtual2');
    expect([t.host.name, t.kvm.name, names(t.neighbours)]).toEqual(['virtual2', 'kvmhost', ['virtual1', 'virtual3']]);
    expect(names(damageTarget(inv, 'kvmhost').neighbours)).toEqual(['virtual1', 'virtual2', 'virtual3']);
    expect(labAccess(inv, 'virtual2').privateKey).toBe(path.join(homedir(), '.cache/play/lab/id_ed25519'));
  });

  it('in the classroom: the bench\'s kvm host and guests only, reached with the classroom\'s key', async () => {
    const inv = await readInventoryWithProjectVault([CLASSROOM_INVENTORY], ROOT);
    const guest = damageTarget(inv, 'b02-virtual2');
    expect([guest.kvm.name, guest.kvm.address, names(guest.neighbours)]).toEqual(['b02-kvmhost', '127.0.22.153', ['b02-virtual1', 'b02-virtual3']]);
    const kvm = damageTarget(inv, 'b01-kvmhost');
    expect([kvm.kvm.name, names(kvm.neighbours), kvm.neighbours.map((g) => g.trunkUser)]).toEqual(['b01-kvmhost', ['b01-virtual1', 'b01-virtual2', 'b01-virtual3'], ['7001', '7002', '7003']]);
    const access = labAccess(inv, 'b02-virtual2');
    expect([access.privateKey, access.knownHosts]).toEqual([path.join(homedir(), '.cache/play/classroom/id_ed25519'), path.join(homedir(), '.cache/play/classroom/known_hosts')]);
  });
});
