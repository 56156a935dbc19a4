/** The modules that act on targets, for the registry. */
import { command } from './commands/command.js';
import { raw } from './commands/raw.js';
import { shell } from './commands/shell.js';
import { blockinfile } from './files/blockinfile.js';
import { copy } from './files/copy.js';
import { file } from './files/file.js';
import { lineinfile } from './files/lineinfile.js';
import { replace } from './files/replace.js';
import { slurp } from './files/slurp.js';
import { stat } from './files/stat.js';
import { template } from './files/template.js';
import type { ModuleDefinition } from './types.js';
import { iniFile } from './files/ini-file.js';
import { fetch } from './files/fetch.js';

export const targetModules: ModuleDefinition[] = [
  copy,
  template,
  file,
  lineinfile,
  iniFile,
  fetch,
  blockinfile,
  replace,
  stat,
  slurp,
  command,
  shell,
  raw,
] as ModuleDefinition[];
