import { JsonFileFactCache, type FactCache } from '../executor/fact-cache.js';
import { OptionsError } from '../errors.js';
import type { Inventory } from '../inventory/types.js';
import type { ProjectConfig } from '../project/config.js';

/**
 * The run's fact cache from the config (fact_caching, fact_caching_connection,
 * fact_caching_timeout); --flush-cache first forgets what it holds about the inventory's hosts,
 * as ansible-playbook's. The `memory` cache is the run's own facts: nothing to keep or flush.
 */
export function openFactCache(config: ProjectConfig, inventory: Inventory, flush: boolean): FactCache | undefined {
  if (config.factCaching !== 'jsonfile') return undefined;
  if (!config.factCachingConnection) {
    throw new OptionsError("the 'jsonfile' fact cache needs fact_caching_connection (a directory)", {
      hint: 'e.g. fact_caching_connection = .facts in ansible.cfg, or ANSIBLE_CACHE_PLUGIN_CONNECTION',
    });
  }
  const cache = new JsonFileFactCache(config.factCachingConnection, config.factCachingTimeout);
  if (flush) for (const host of inventory.hosts.keys()) cache.flush(host);
  return cache;
}
