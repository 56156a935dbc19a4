/** The fewest Asterisk CLI reloads that pick up a set of changed configuration files. */

export type ReloadTarget = 'dialplan' | 'iax2' | 'pjsip' | 'sip' | 'core';

const COMMANDS: Record<ReloadTarget, string> = {
  dialplan: 'dialplan reload',
  iax2: 'iax2 reload',
  pjsip: 'module reload res_pjsip.so',
  sip: 'sip reload',
  core: 'core reload',
};

/** Which reload a config file needs, by its basename (include files follow their family). */
export function reloadTargetFor(file: string): ReloadTarget {
  const base = file.replace(/^.*\//, '').toLowerCase();
  if (/^extensions.*\.conf$/.test(base)) return 'dialplan';
  if (/^iax.*\.conf$/.test(base)) return 'iax2';
  if (/^pjsip.*\.conf$/.test(base)) return 'pjsip';
  if (/^sip.*\.conf$/.test(base)) return 'sip';
  return 'core';
}

export function isReloadTarget(value: string): value is ReloadTarget {
  return value in COMMANDS;
}

/**
 * The commands, in a stable order. `core reload` reloads every module, so when one file needs
 * it, it is the only command.
 */
export function reloadCommands(targets: Iterable<ReloadTarget>): string[] {
  const set = new Set(targets);
  if (set.has('core')) return [COMMANDS.core];
  return (['dialplan', 'iax2', 'pjsip', 'sip'] as const).filter((t) => set.has(t)).map((t) => COMMANDS[t]);
}

export function reloadCommandsForFiles(files: Iterable<string>): string[] {
  return reloadCommands([...files].map(reloadTargetFor));
}
