import { existsSync } from 'node:fs';
import path from 'node:path';
import { ParseError } from '../errors.js';
import type { Templar } from '../template/index.js';
import { UndefinedVariableError } from '../template/errors.js';
import type { Vars } from '../template/types.js';
import type { Play } from './model.js';
import { loadYamlFile, posOf } from './yaml.js';

/** Where Ansible finds a vars_files entry: the play's vars/ directory first, then the play's directory. */
function varsFilePath(dir: string, name: string): string {
  if (path.isAbsolute(name)) return name;
  const candidates = [...(name.split('/')[0] === 'vars' ? [] : [path.join(dir, 'vars', name)]), path.join(dir, name)];
  return candidates.find((c) => existsSync(c)) ?? path.resolve(dir, name);
}

/**
 * The variables of a play's vars_files, each entry (or the first file found of a list) read in
 * order. `atLoad`: read while the playbook loads, for a templated import_role/import_tasks name,
 * as Ansible's VariableManager.get_vars(play=…) reads them without a host: an entry whose name
 * needs an undefined variable, or whose files are all missing, is skipped rather than refused.
 */
export async function loadVarsFiles(play: Pick<Play, 'varsFiles' | 'kw' | 'dir' | 'pos'>, templar: Templar, extraVars: Vars, atLoad = false): Promise<Vars> {
  const out: Vars = {};
  for (const entry of play.varsFiles) {
    let candidates: string[];
    try {
      candidates = (Array.isArray(entry) ? entry : [entry]).map((f) => String(templar.renderValue(f, { ...(play.kw.vars ?? {}), ...extraVars }, { source: play.pos })));
    } catch (err) {
      if (atLoad && err instanceof UndefinedVariableError) continue;
      throw err;
    }
    let loaded = false;
    for (const f of candidates) {
      const file = varsFilePath(play.dir, f);
      try {
        const data = await loadYamlFile(file);
        if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
          throw new ParseError('VARS_FILE_NOT_MAPPING', `${file} must be a mapping of variables`, { source: posOf(data) ?? { file }, hint: 'write "name: value" lines' });
        }
        Object.assign(out, data ?? {});
        loaded = true;
        break;
      } catch (err) {
        if (err instanceof ParseError && err.code === 'FILE_MISSING' && (candidates.length > 1 || atLoad)) continue;
        if (err instanceof ParseError && err.code === 'FILE_MISSING') {
          throw new ParseError('VARS_FILE_MISSING', `vars_files: cannot find ${file}`, { source: posOf(play.varsFiles) ?? play.pos, hint: 'paths are relative to the playbook directory' });
        }
        throw err;
      }
    }
    if (!loaded && !atLoad) throw new ParseError('VARS_FILE_MISSING', `vars_files: none of ${candidates.join(', ')} exists`, { source: play.pos, hint: 'paths are relative to the playbook directory' });
  }
  return out;
}
