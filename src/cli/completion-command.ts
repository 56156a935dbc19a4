import type { Command } from 'commander';
import { OptionsError } from '../errors.js';
import { moduleNames } from '../modules/registry.js';
import { loadConfig, loadProjectInventory, withProjectVault } from '../project/config.js';
import { complete } from './completion.js';
import { BASH_COMPLETION, ZSH_COMPLETION } from './completion-scripts.js';

/** `play completion bash|zsh` prints the script; the script calls the hidden `play __complete`. */
export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print the shell completion script: eval "$(play completion bash)" (or zsh)')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell === 'bash') process.stdout.write(BASH_COMPLETION);
      else if (shell === 'zsh') process.stdout.write(ZSH_COMPLETION);
      else throw new OptionsError(`play completion: no script for the shell '${shell}'`, { hint: 'play completion bash, or play completion zsh' });
    });
  program
    .command('__complete', { hidden: true })
    .argument('<cword>')
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (cword: string, words: string[]) => {
      const out = await complete(program, words, Number(cword), { modules: moduleNames, inventoryNames });
      process.stdout.write(out.map((c) => `${c}\n`).join(''));
    });
}

/** The inventory's host and group names; nothing (and no error) when it cannot be read. */
export async function inventoryNames(inventory: string[]): Promise<string[]> {
  try {
    const config = await loadConfig();
    const inv = await withProjectVault(config, () => loadProjectInventory(inventory.filter(Boolean).length ? inventory : undefined, config));
    return [...inv.hosts.keys(), ...Object.keys(inv.groupsMap())];
  } catch {
    return [];
  }
}
