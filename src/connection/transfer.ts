import type { ShellCommand } from './command.js';
import { sh } from './command.js';
import type { Become, Connection, ExecResult, PutOptions } from './types.js';

/**
 * Whole-file transfer built on exec + stdin, so it works the same on every transport, with
 * become, and with nothing but POSIX sh + coreutils on the target (no SFTP subsystem or Python).
 * The write is atomic: a 0600 temp file next to the destination, then rename; on any failure
 * (full disk, killed connection) the temp file is removed and the original stays intact. A
 * controller that dies mid-transfer closes stdin early, which `cat` takes for the end of the
 * file: the size is checked before the rename, so a short file is never installed.
 */
export async function putViaExec(
  conn: Pick<Connection, 'exec'>,
  content: Buffer,
  dest: string,
  opts: PutOptions = {},
): Promise<void> {
  const script = sh`d=$(dirname -- ${dest}) && t=$(mktemp "$d/.play-tmp.XXXXXX") || exit 97
trap 'rm -f "$t"' EXIT HUP INT TERM
cat > "$t" || exit 98
n=$(wc -c < "$t") && [ $n -eq ${String(content.length)} ] || { echo "short write: $n of ${String(content.length)} bytes arrived" >&2; exit 94; }
`.concat(installTempFile(dest, opts.mode));
  const res = await conn.exec(script, { stdin: content, become: opts.become });
  if (res.rc !== 0) throw new TransferError(dest, res);
}

/**
 * The end of every atomic write script (put, validated writes): the temp file "$t" takes the
 * destination's place with the right attributes, then the EXIT trap is cleared.
 *
 * - An existing destination keeps its mode and ownership.
 * - A new one gets `mode`, or else 0666 less the umask, as Ansible's atomic_move gives it (and as
 *   a plain `open(O_CREAT)` would): 0644 under umask 022, 0600 under 077. mktemp made "$t" 0600
 *   whatever the umask, so the mode is set explicitly. Modules predict the same mode from the
 *   target's umask (ModuleContext.umask), read in the same session as the write.
 */
export function installTempFile(dest: string, mode: number | undefined): ShellCommand {
  const m = mode === undefined ? '' : mode.toString(8).padStart(4, '0');
  return sh`if [ -e ${dest} ]; then chmod --reference=${dest} "$t" 2>/dev/null; chown --reference=${dest} "$t" 2>/dev/null; else chmod "$(printf %o $((0666 & ~0$(umask))))" "$t" || exit 96; fi
m=${m}; if [ -n "$m" ]; then chmod "$m" "$t" || exit 96; fi
mv -f "$t" ${dest} || exit 95
trap - EXIT`;
}

export async function getViaExec(conn: Pick<Connection, 'exec'>, path: string, become?: Become): Promise<Buffer> {
  const res = await conn.exec(sh`cat -- ${path}`, { become });
  if (res.rc !== 0) throw new TransferError(path, res);
  return res.stdoutBytes;
}

export class TransferError extends Error {
  constructor(
    readonly path: string,
    readonly result: ExecResult,
  ) {
    const why = result.stderr.trim() || `exit code ${result.rc}`;
    super(`cannot transfer ${path}: ${why}`);
    this.name = 'TransferError';
  }
}
