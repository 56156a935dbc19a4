import { sh } from '../../connection/command.js';
import { UnreachableError } from '../../errors.js';
import type { Fact } from '../../facts/types.js';
import type { ModuleContext } from '../types.js';

/**
 * The configuration a spa_phone change leaves on a phone, as a fact of the run: in check mode the
 * executor records it as the truth, so a later task sees the values an earlier one would have
 * set. The phone is not a shell host, so this fact is never gathered by a command: it only
 * exists once a change recorded it (its command is a no-op and reads as "not known").
 */
export interface SpaConfigArgs {
  host: string;
  port: number;
}

export type SpaConfig = Record<string, string>;

export const spaConfig: Fact<SpaConfigArgs, SpaConfig | null> = {
  name: 'spa.config',
  become: false,
  command: () => sh`true`,
  parse: () => null,
};

/** The configuration an earlier task of this run left (check mode), or null: ask the phone. */
export async function recordedSpaConfig(ctx: ModuleContext, args: SpaConfigArgs): Promise<SpaConfig | null> {
  try {
    return await ctx.fact(spaConfig, args);
  } catch (err) {
    // nothing recorded, and the host has no shell to gather with (ansible_connection: http)
    if (err instanceof UnreachableError) return null;
    throw err;
  }
}
