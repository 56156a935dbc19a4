import { renderInventoryGraph, renderInventoryList } from '../../inventory/index.js';
import { OptionsError } from '../../errors.js';
import type { Io } from '../reporters.js';
import { loadConfig, loadProjectInventory } from '../project.js';

export async function inventoryCommand(o: { inventory?: string[]; list?: boolean; graph?: boolean | string }, io: Io): Promise<number> {
  if (!o.list && !o.graph) throw new OptionsError('play inventory needs --list or --graph');
  const inv = await loadProjectInventory(o.inventory, await loadConfig());
  if (o.list) io.stdout.write(renderInventoryList(inv) + '\n');
  else io.stdout.write(renderInventoryGraph(inv) + '\n');
  return 0;
}
