import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { ExitCode, PlayError } from '../errors.js';

/**
 * Whether a play.config.yml may be used. It sets the inventory, the roles path and the vault
 * password file — which may be a script play runs — so it is code: only a file that the current
 * user or root owns, that nobody else can write, in a directory that nobody else can write
 * (so it cannot be replaced), is trusted. Like Ansible ignoring an ansible.cfg in a
 * world-writable directory, but an error: a project whose config is skipped would silently run
 * against another inventory.
 */
export async function assertTrustedConfig(file: string, uid: number | undefined = process.getuid?.()): Promise<void> {
  if (uid === undefined) return; // no owners to compare (Windows)
  const dir = path.dirname(file);
  const [fileStat, dirStat] = await Promise.all([stat(file), stat(dir)]);
  const problem = untrusted(fileStat, uid, 'it') ?? untrusted(dirStat, uid, `its directory ${dir}`);
  if (problem === undefined) return;
  throw new PlayError('CONFIG_UNTRUSTED', `refusing to use ${file}: ${problem}`, {
    source: { file },
    exitCode: ExitCode.badOptions,
    hint:
      'a config file can make play run programs (vault_password_file), so only your own or root\'s, writable by nobody else, is used: ' +
      `if it is yours, \`chmod go-w ${file} ${dir}\`; if it is not, give your project its own play.config.yml or a .git directory ` +
      '(the search stops there), or run play from elsewhere',
  });
}

function untrusted(st: Stats, uid: number, what: string): string | undefined {
  const mode = `mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}`;
  if (st.uid !== uid && st.uid !== 0) return `${what} is owned by uid ${st.uid} (${mode}), neither you (uid ${uid}) nor root`;
  if ((st.mode & 0o022) !== 0) return `${what} is writable by ${(st.mode & 0o002) !== 0 ? 'everyone' : 'its group'} (${mode}, owner uid ${st.uid})`;
  return undefined;
}
