import { renderInventoryGraph, renderInventoryList } from '../../inventory/index.js';
import { OptionsError } from '../../errors.js';
import { Masker } from '../../secrets/mask.js';
import type { Io } from '../reporters.js';
import { openVault, type VaultOptions } from '../vault.js';
import { withVaultDecoder } from '../../secrets/vault-hook.js';
import { loadConfig, loadProjectInventory } from '../../project/config.js';
import { warnIgnoredSettings } from '../config-warnings.js';

export async function inventoryCommand(o: VaultOptions & { inventory?: string[]; list?: boolean; graph?: boolean | string }, io: Io): Promise<number> {
  if (!o.list && !o.graph) throw new OptionsError('play inventory needs --list or --graph');
  const config = await loadConfig();
  warnIgnoredSettings(config, io);
  const masker = new Masker();
  const decoder = await openVault(o, masker, io, config);
  const inv = await withVaultDecoder(decoder, () => loadProjectInventory(o.inventory, config));
  // values from a vault are shown as ******** here too
  if (o.list) io.stdout.write(masker.maskString(renderInventoryList(inv)) + '\n');
  else io.stdout.write(renderInventoryGraph(inv) + '\n');
  return 0;
}
