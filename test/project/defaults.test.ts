import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadProjectInventory } from '../../src/project/config.js';
import type { Io } from '../../src/cli/reporters.js';
import { openVault } from '../../src/cli/vault.js';
import { Masker } from '../../src/secrets/mask.js';
import { withVaultDecoder } from '../../src/secrets/vault-hook.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('the project defaults (play.config.yml)', () => {
  it('default to the local lab inventory, never the thesis addresses', async () => {
    const config = await loadConfig(root);
    expect(config.inventory).toEqual([path.join(root, 'inventory/lab.yml')]);
    // the lab's secrets are vault files: the demo password comes from play.config.yml
    expect(config.vaultPasswordFile).toBe(path.join(root, 'inventory/DEMO-ONLY.vault-password'));
    const io: Io = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, isTTY: false };
    const decoder = await openVault({}, new Masker(), io, config);
    const inv = await withVaultDecoder(decoder, () => loadProjectInventory(undefined, config));
    const addresses = [...inv.hosts.keys()].map((h) => String(inv.hostVars(h).ansible_host));
    expect(addresses.length).toBe(5);
    for (const a of addresses) expect(a).toMatch(/^127\./);
  });
});
