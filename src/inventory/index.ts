export type { Inventory, InventoryGroup, InventoryHost, LoadInventoryOptions } from './types.js';
export type { LoadedInventory } from './inventory.js';
export { loadInventory } from './load.js';
export { IMPLICIT_LOCALHOST, LOCALHOST_NAMES, orderPatterns, splitHostPattern } from './pattern.js';
export { inventoryListData, renderInventoryGraph, renderInventoryList, type InventoryList } from './render.js';
export { readVarsFile } from './vars-files.js';
export type { InventoryChange } from './changes.js';
