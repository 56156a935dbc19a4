import { PlayError, type SourcePos } from '../errors.js';
import { notABooleanMessage, parseBoolean } from '../util/ansible-boolean.js';

/**
 * A boolean keyword's value after templating (no_log, become, check_mode, run_once…), by
 * Ansible's boolean rule; unset (or null) gives `dflt`. A value that is no boolean is an error
 * naming the keyword, as Ansible's post-validation reports it, rather than a silent default.
 */
export function keywordBool(keyword: string, value: unknown, dflt: boolean, source?: SourcePos): boolean {
  if (value === undefined || value === null) return dflt;
  const b = parseBoolean(value);
  if (b !== undefined) return b;
  throw new PlayError('BAD_KEYWORD_VALUE', `the field '${keyword}' has an invalid value: ${notABooleanMessage(value)}`, {
    source,
    hint: 'use true or false (yes/no, on/off, 1/0 and t/f also work)',
  });
}
