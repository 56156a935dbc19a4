import { OptionsError } from '../../errors.js';
import { renderModuleDoc, renderModuleList } from '../../modules/module-doc.js';
import { allModules, getModule, moduleNames } from '../../modules/registry.js';
import { didYouMean } from '../../util/suggest.js';
import type { Io } from '../reporters.js';

export interface DocCliOptions {
  list?: boolean;
}

/** `play doc MODULE…` and `play doc -l`: ansible-doc for play's modules. */
export function docCommand(names: string[], o: DocCliOptions, io: Io): number {
  if (o.list) {
    io.stdout.write(renderModuleList(allModules()));
    return 0;
  }
  if (names.length === 0) throw new OptionsError('play doc needs a module name, or -l for the list', { hint: 'e.g. play doc copy' });
  const docs = names.map((given) => {
    const name = given.replace(/^ansible\.(builtin|legacy)\./, '');
    const mod = getModule(name);
    if (!mod) throw new OptionsError(`module ${given} not found`, { hint: didYouMean(name, moduleNames()) ?? 'play doc -l lists the modules' });
    return renderModuleDoc(mod);
  });
  io.stdout.write(docs.join('\n'));
  return 0;
}
