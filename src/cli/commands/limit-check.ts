import { PlayError } from '../../errors.js';
import type { Inventory } from '../../inventory/types.js';
import { suggest } from '../../util/suggest.js';

const SHOWN_NAMES = 8;

/**
 * A --limit that matches no host is almost always a typo (`--limit virtual22`). Ansible stops
 * there with exit 1, before a syntax check, a listing or a run, and so do we; the hint names the
 * closest hosts or groups.
 */
export function assertLimitMatches(inventory: Inventory, limit: string | undefined): void {
  if (!limit || inventory.select(limit).length > 0) return;
  throw new PlayError('LIMIT_MATCHES_NOTHING', `--limit ${limit}: Specified inventory, host pattern and/or --limit leaves us with no hosts to target.`, {
    hint: limitHint(inventory, limit),
  });
}

function limitHint(inventory: Inventory, limit: string): string {
  const names = [...inventory.hosts.keys(), ...inventory.groups.keys()];
  const guesses = unmatchedTerms(inventory, limit)
    .map((term) => suggest(term, names))
    .filter((s): s is string => s !== undefined);
  if (guesses.length) return `did you mean ${[...new Set(guesses)].map((g) => `'${g}'`).join(' or ')}?`;
  const shown = (list: string[]): string => (list.length > SHOWN_NAMES ? `${list.slice(0, SHOWN_NAMES).join(', ')}, …` : list.join(', ') || '(none)');
  return `hosts: ${shown([...inventory.hosts.keys()])}; groups: ${shown([...inventory.groups.keys()])} (play inventory --graph shows them all)`;
}

/** The plain names of a pattern ("web1,!db:&virtual22") that match nothing on their own; regexes, globs and @files are left out. */
function unmatchedTerms(inventory: Inventory, limit: string): string[] {
  return limit
    .split(/[,:]/)
    .map((t) => t.trim().replace(/^[!&]/, ''))
    .filter((t) => t && !/^[~@]|[*?[\]]/.test(t) && inventory.select(t).length === 0);
}
