import { quote } from '../connection/command.js';
import { RESTART_EXIT_CODE } from './power-layer.js';

/**
 * The shell loop that runs a lab host's namespace and starts it again when the host reboots: its
 * init exits with RESTART_EXIT_CODE (see power-layer.ts), the kernel has then ended every process
 * of the namespace, and the loop boots the same init script again (same root layer, same
 * address). Any other exit, or a TERM to the loop, ends it. It runs on the machine, outside the
 * namespace: the lab records it as the host's one process that lives across restarts.
 *
 * The namespace runs in the foreground, not as `cmd & wait`: a non-interactive shell starts a
 * background job with SIGINT ignored, and every process of the host would inherit that. A TERM
 * is thus taken when the current boot ends; the lab stops that boot's init itself.
 */
export function supervisorScript(argv: readonly string[]): string {
  return [
    'set -u',
    'stop=0',
    "trap 'stop=1' TERM INT HUP",
    'boot=0',
    'while :; do',
    '  boot=$((boot + 1))',
    `  ${argv.map(quote).join(' ')}`,
    '  rc=$?',
    `  [ "$stop" = 0 ] && [ "$rc" = ${RESTART_EXIT_CODE} ] || exit "$rc"`,
    '  echo "lab: restarting (boot $((boot + 1)))"',
    'done',
  ].join('\n');
}
