import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionsError } from '../errors.js';
import { withVaultDecoder } from '../secrets/vault-hook.js';
import { vaultDecoder } from '../vault/decoder.js';
import { VaultSecrets } from '../vault/secrets.js';
import { loadInventory } from './load.js';
import { inventoryListData, renderInventoryGraph, renderInventoryList } from './render.js';
import type { Inventory } from './types.js';

const LAB_INVENTORY = fileURLToPath(new URL('../../inventory/lab.yml', import.meta.url));
const KEY = '~/.cache/play/lab/id_ed25519';
// the lab's secrets are vault files (demo-only password, as play.config.yml names it)
const DEMO_VAULT_PASSWORD = fileURLToPath(new URL('../../inventory/DEMO-ONLY.vault-password', import.meta.url));

let lab: Inventory;
let root = '';
beforeAll(async () => {
  const decoder = vaultDecoder(await VaultSecrets.fromOptions({ vaultPasswordFile: [DEMO_VAULT_PASSWORD] }));
  lab = await withVaultDecoder(decoder, () => loadInventory([LAB_INVENTORY]));
  root = await mkdtemp(path.join(tmpdir(), 'play-render-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the lab inventory', () => {
  it('has the five lab hosts on loopback addresses', () => {
    expect(lab.select('lab')).toEqual(['kvmhost', 'virtual1', 'virtual2', 'virtual3', 'spa303']);
    for (const host of lab.select('all')) expect(String(lab.hostVars(host)['ansible_host'])).toMatch(/^127\.0\.10\./);
  });

  it('reaches the PBX hosts over ssh as root and the phone over http', () => {
    expect(lab.select('pbx_guests')).toEqual(['virtual1', 'virtual2', 'virtual3']);
    expect(lab.hostVars('virtual2')).toMatchObject({ ansible_host: '127.0.10.156', ansible_user: 'root', ansible_ssh_private_key_file: KEY });
    expect(lab.hostVars('kvmhost')).toMatchObject({ ansible_host: '127.0.10.153', ansible_user: 'root' });
    expect(lab.hostVars('spa303')).toMatchObject({ ansible_connection: 'http', ansible_host: '127.0.10.110' });
    expect(lab.hostVars('spa303')['ansible_ssh_private_key_file']).toBeUndefined();
    expect(lab.groupNames('kvmhost')).toEqual(['kvm_hosts', 'lab']);
  });
});

describe('renderInventoryGraph', () => {
  it('draws the group tree like ansible-inventory --graph', () => {
    expect(renderInventoryGraph(lab)).toBe(
      [
        '@all:',
        '  |--@lab:',
        '  |  |--@kvm_hosts:',
        '  |  |  |--kvmhost',
        '  |  |--@pbx_guests:',
        '  |  |  |--virtual1',
        '  |  |  |--virtual2',
        '  |  |  |--virtual3',
        '  |  |--@phones:',
        '  |  |  |--spa303',
        '  |--@ungrouped:',
      ].join('\n'),
    );
  });

  it('starts from another group, and refuses one that does not exist', () => {
    expect(renderInventoryGraph(lab, 'phones')).toBe('@phones:\n  |--spa303');
    expect(() => renderInventoryGraph(lab, 'nope')).toThrow(OptionsError);
  });
});

describe('renderInventoryList', () => {
  it('lists groups and host vars like ansible-inventory --list', () => {
    const data = inventoryListData(lab);
    expect(data['all']).toEqual({ children: ['lab', 'ungrouped'] });
    expect(data['lab']).toEqual({ children: ['kvm_hosts', 'pbx_guests', 'phones'] });
    expect(data['pbx_guests']).toEqual({ hosts: ['virtual1', 'virtual2', 'virtual3'] });
    expect(data['ungrouped']).toBeUndefined(); // empty groups are left out
    expect(data._meta.hostvars['spa303']).toMatchObject({ ansible_connection: 'http', ansible_host: '127.0.10.110' });
  });

  it('prints sorted keys with a four-space indent and no internal variables', () => {
    const text = renderInventoryList(lab);
    expect(text.startsWith('{\n    "_meta": {\n        "hostvars": {\n            "kvmhost": {\n                "ansible_host"')).toBe(true);
    expect(text).not.toContain('inventory_file');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['_meta', 'all', 'kvm_hosts', 'lab', 'pbx_guests', 'phones']);
  });

  it('writes !unsafe values as ansible-inventory does', async () => {
    const file = path.join(root, 'unsafe.yml');
    await writeFile(file, 'all:\n  hosts:\n    h:\n      u: !unsafe "{{ x }}"\n      m: !unsafe { a: "{{ y }}" }\n');
    const text = renderInventoryList(await loadInventory([file]));
    expect((JSON.parse(text) as { _meta: { hostvars: unknown } })._meta.hostvars).toEqual({
      h: { m: { a: { __ansible_unsafe: '{{ y }}' } }, u: { __ansible_unsafe: '{{ x }}' } },
    });
  });

  it('lists ungrouped hosts and leaves hosts without variables out of hostvars', async () => {
    const file = path.join(root, 'hosts.ini');
    await writeFile(file, 'b\na x=1\n');
    const data = inventoryListData(await loadInventory([file]));
    expect(data['ungrouped']).toEqual({ hosts: ['a', 'b'] });
    expect(data._meta.hostvars).toEqual({ a: { x: 1 } });
  });
});
