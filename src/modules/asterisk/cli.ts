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
