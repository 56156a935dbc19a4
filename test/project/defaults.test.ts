import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadProjectInventory } from '../../src/cli/project.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('the project defaults (play.config.yml)', () => {
  it('default to the local lab inventory, never the thesis addresses', async () => {
    const config = await loadConfig(root);
    expect(config.inventory).toEqual([path.join(root, 'inventory/lab.yml')]);
    const inv = await loadProjectInventory(undefined, config);
    const addresses = [...inv.hosts.keys()].map((h) => String(inv.hostVars(h).ansible_host));
    expect(addresses.length).toBe(5);
    for (const a of addresses) expect(a).toMatch(/^127\./);
  });
});
