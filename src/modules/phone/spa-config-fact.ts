import type { ControllerFact } from '../../facts/types.js';
import { readSpaConfig, retrying } from './spa-client.js';
import { asTaskError } from './spa-resync.js';

/**
 * A phone's configuration (/admin/spacfg.xml), read by the controller over HTTP. Cached for the
 * run like any fact: in check mode a spa_phone change records the values it would set, so a
 * later task sees them. Offline (a fresh phone nobody asked) it is `null`: nothing is known to
 * be set, so every wanted parameter is written.
 */
export interface SpaConfigArgs {
  host: string;
  port: number;
}

export type SpaConfig = Record<string, string>;

/** The longest a single request to the phone may take; the whole read may wait `timeoutS`. */
const REQUEST_TIMEOUT_S = 10;

export const spaConfig: ControllerFact<SpaConfigArgs, SpaConfig | null> = {
  name: 'spa.config',
  offline: () => null,
  async read(where, access) {
    const timeoutS = access.timeoutS ?? 60;
    const endpoint = { ...where, password: access.password, timeoutMs: Math.min(timeoutS, REQUEST_TIMEOUT_S) * 1000 };
    // a phone restarting after an earlier task answers 503 for a while
    const config = await retrying(() => readSpaConfig(endpoint), ['busy'], Date.now() + timeoutS * 1000).catch((err: unknown) => {
      throw asTaskError(err, 'reading spacfg.xml');
    });
    return Object.fromEntries(config);
  },
};
