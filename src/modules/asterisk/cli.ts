/** Running Asterisk CLI commands (`asterisk -rx`) and telling its failures from its output. */
import { sh, type ShellCommand } from '../../connection/command.js';

/** Asterisk exits 0 for unknown commands; these texts are its failures. */
const FAILURES = [/No such command/i, /Unable to connect to remote asterisk/i, /Asterisk ending/i];

export function cliFailure(rc: number, output: string): string | undefined {
  const hit = FAILURES.find((re) => re.test(output));
  if (hit) return output.split('\n').find((l) => hit.test(l))?.trim() ?? output.trim();
  if (rc !== 0) return output.trim() || `asterisk exited with ${rc}`;
  return undefined;
}

export function asteriskRx(command: string): ShellCommand {
  return sh`asterisk -rx ${command}`;
}

/** One command that fails (exit 1) on the failure texts too, for use as an applied change. */
export function checkedAsteriskRx(command: string): ShellCommand {
  return sh`out=$(asterisk -rx ${command} 2>&1); rc=$?; printf '%s\\n' "$out"; case $out in *'No such command'*|*'Unable to connect to remote asterisk'*) exit 1;; esac; exit $rc`;
}

/**
 * A reload right after Asterisk started (a handler after a "start" task) races its module
 * loading: "No such command 'dialplan reload'" until pbx_config is in. Wait until it has fully
 * booted first (bounded by coreutils' timeout where there is one: CentOS 5's coreutils has none).
 */
export function reloadWhenBooted(command: string): ShellCommand {
  return sh`if command -v timeout >/dev/null 2>&1; then timeout 30 asterisk -rx 'core waitfullybooted' >/dev/null 2>&1; fi; `.concat(checkedAsteriskRx(command));
}
