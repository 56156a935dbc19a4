import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readInventoryWithProjectVault } from '../project/config.js';
import { freshAddress, freshLab } from './fresh-inventory.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LAB = path.join(ROOT, 'inventory', 'lab.yml');

describe('freshLab', () => {
  it('renames every host into its own block of 127.0.14.0/24, keeping groups and host vars', async () => {
    const inv = await readInventoryWithProjectVault([LAB], ROOT);
    const lab = freshLab(inv, 't-trunk-mesh-', 6);
    expect(lab.hosts.map((h) => [h.name, h.address, h.kvm])).toEqual([
      ['t-trunk-mesh-kvmhost', '127.0.14.70', true],
      ['t-trunk-mesh-virtual1', '127.0.14.71', false],
      ['t-trunk-mesh-virtual2', '127.0.14.72', false],
      ['t-trunk-mesh-virtual3', '127.0.14.73', false],
    ]);
    expect(lab.phones).toEqual([{ name: 't-trunk-mesh-spa303', address: '127.0.14.74' }]);
    const doc = parse(lab.yaml) as { all: { children: { lab: { children: Record<string, { hosts: Record<string, Record<string, unknown>>; vars?: Record<string, unknown> }> } } } };
    const groups = doc.all.children.lab.children;
    expect(Object.keys(groups)).toEqual(['kvm_hosts', 'pbx_guests', 'phones']);
    expect(groups.pbx_guests?.hosts['t-trunk-mesh-virtual2']).toMatchObject({ ansible_host: '127.0.14.72', pbx_extension: 2500, pbx_trunk_user: 7002, mesh_user_base: 2000 });
    expect(groups.pbx_guests?.vars).toMatchObject({ ansible_user: 'root' });
    expect(groups.phones?.hosts['t-trunk-mesh-spa303']).toMatchObject({ ansible_connection: 'http', ansible_host: '127.0.14.74' });
    // no address of the shared lab survives, and no secret from the vault files is written out
    expect(lab.yaml).not.toMatch(/127\.0\.10\./);
    for (const secret of ['pbx_extension_secret', 'trunk_mesh_secret']) {
      const value = inv.hostVars('virtual2')[secret];
      expect(typeof value === 'string' && value.length > 3, secret).toBe(true);
      expect(lab.yaml).not.toContain(String(value));
    }
  });

  it('refuses addresses outside its block', () => {
    expect(freshAddress(0, 9)).toBe('127.0.14.19');
    expect(() => freshAddress(0, 10)).toThrow(/no fresh address/);
    expect(() => freshAddress(30, 0)).toThrow(/no fresh address/);
  });
});
