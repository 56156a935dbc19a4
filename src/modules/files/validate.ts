/**
 * `validate: "visudo -cf %s"`: the new content is written to a temp file next to the
 * destination, the validator runs on it, and only a passing file is moved into place, so a
 * failing validation leaves the destination untouched.
 */
import { ShellCommand, sh } from '../../connection/command.js';
import { installTempFile } from '../../connection/transfer.js';
import { ModuleError } from '../../errors.js';
import type { ShlexError } from '../commands/shlex.js';
import { shlexSplit } from '../commands/shlex.js';

/**
 * Ansible splits the validate string like a command line (no shell features) after putting
 * the temp path in place of %s; here each word is quoted and %s becomes "$t", the temp file.
 */
export function validatorCommand(validate: string): ShellCommand {
  if (!validate.includes('%s')) throw new ModuleError(`validate must contain %s: ${validate}`);
  let words: string[];
  try {
    words = shlexSplit(validate);
  } catch (err) {
    throw new ModuleError(`cannot parse validate ${JSON.stringify(validate)}: ${(err as ShlexError).message}`);
  }
  const parts: ShellCommand[] = [];
  words.forEach((word, i) => {
    if (i > 0) parts.push(sh` `);
    // Python's "%" formatting: %s is the file, %% a literal percent sign.
    const pieces = word.split(/(%s|%%)/);
    let wordCmd = new ShellCommand([]);
    let empty = true;
    for (const piece of pieces) {
      if (piece === '%s') wordCmd = wordCmd.concat('"$t"');
      else if (piece === '%%') wordCmd = wordCmd.concat(sh`${'%'}`);
      else if (piece) wordCmd = wordCmd.concat(sh`${piece}`);
      else continue;
      empty = false;
    }
    parts.push(empty ? sh`${''}` : wordCmd);
  });
  return parts.reduce((acc, p) => acc.concat(p), new ShellCommand([]));
}

/** One script, fed the content on stdin: temp file, validate, then installed as every write is. */
export function validatedWriteScript(dest: string, validate: string, mode: number | undefined): ShellCommand {
  const check = validatorCommand(validate);
  return sh`d=$(dirname -- ${dest}) && t=$(mktemp "$d/.play-tmp.XXXXXX") || exit 97
trap 'rm -f "$t"' EXIT HUP INT TERM
cat > "$t" || exit 98
out=$(${check} 2>&1); rc=$?
if [ "$rc" -ne 0 ]; then printf 'failed to validate: rc:%s error:%s\\n' "$rc" "$out" >&2; exit 1; fi
`.concat(installTempFile(dest, mode));
}
