import type { Command, Option } from 'commander';

/**
 * What to offer at the cursor, from the program's own commands and options (so completion never
 * drifts from the command line), plus the names only the project knows: modules, and the
 * inventory's hosts and groups. An empty answer lets the shell complete file names.
 */
export interface CompletionSources {
  modules(): string[];
  /** Hosts and groups of the inventory (the words' own -i, else the project's). */
  inventoryNames(inventory: string[]): Promise<string[]>;
}

/** Commands that exist for the shell, not for people. */
export const HIDDEN_COMMANDS = new Set(['__complete']);

const LIMIT_OPTIONS = new Set(['--limit']);
const MODULE_OPTIONS = new Set(['--module']);

/** `words` as the shell split them, `play` first; `cword` the index of the word being completed. */
export async function complete(program: Command, words: readonly string[], cword: number, sources: CompletionSources): Promise<string[]> {
  const current = words[cword] ?? '';
  let cmd = program;
  const positional: string[] = [];
  const inventory: string[] = [];
  // walk the words before the cursor: subcommands, options (and the values they take), arguments
  for (let i = 1; i < cword; i++) {
    const w = words[i] as string;
    const opt = w.startsWith('-') ? findOption(cmd, w) : undefined;
    if (opt) {
      if ((opt.required || opt.optional) && !w.includes('=')) {
        if (opt.long === '--inventory') inventory.push(words[i + 1] ?? '');
        i++;
      }
      continue;
    }
    const sub = positional.length === 0 ? cmd.commands.find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) cmd = sub;
    else if (!w.startsWith('-')) positional.push(w);
  }
  const previous = cword > 1 ? findOption(cmd, words[cword - 1] as string) : undefined;
  if (previous && (previous.required || previous.optional)) return filter(await optionValues(previous, inventory, sources), current);
  if (current.startsWith('-')) return filter(optionNames(cmd), current);
  if (cmd === program || (cmd.commands.length > 0 && positional.length === 0)) {
    return filter(
      cmd.commands.filter((c) => !HIDDEN_COMMANDS.has(c.name())).map((c) => c.name()),
      current,
    );
  }
  return filter(await argumentValues(cmd, positional.length, inventory, sources), current);
}

function findOption(cmd: Command, word: string): Option | undefined {
  const flag = word.split('=')[0] as string;
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

function optionNames(cmd: Command): string[] {
  return cmd.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
}

async function optionValues(o: Option, inventory: string[], sources: CompletionSources): Promise<string[]> {
  if (o.argChoices) return o.argChoices;
  if (o.long && MODULE_OPTIONS.has(o.long)) return sources.modules();
  if (o.long && LIMIT_OPTIONS.has(o.long)) return sources.inventoryNames(inventory);
  if (o.long === '--connection') return ['ssh', 'local', 'paramiko'];
  return [];
}

/** The command's positional arguments: host patterns for exec, modules for doc, shells for completion. */
async function argumentValues(cmd: Command, index: number, inventory: string[], sources: CompletionSources): Promise<string[]> {
  const name = cmd.name();
  if (name === 'exec' && index === 0) return sources.inventoryNames(inventory);
  if (name === 'doc') return sources.modules();
  if (name === 'completion' && index === 0) return ['bash', 'zsh'];
  return [];
}

function filter(candidates: readonly string[], prefix: string): string[] {
  return [...new Set(candidates.filter((c) => c.startsWith(prefix)))];
}
