import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A stand-in for `sudo -S -p PROMPT [-u USER] [flags] CMD…` that speaks sudo's password protocol:
 * prints PROMPT on stderr, reads ONE line from stdin (byte by byte, as sudo does, so the rest of
 * stdin stays for the command), gives three tries, and then — like a PAM stack with a password
 * expiry warning or a lecture — writes `chatter` lines on stderr, each in its own write with a
 * pause in between so they arrive as separate chunks, before it execs the command.
 *
 * It records its argv in `<dir>/fake-sudo.argv` (to prove the password is never in it), and a
 * line for each prompt it shows in `<dir>/fake-sudo.prompts` (to count tries without a clock).
 */
export interface FakeSudo {
  path: string;
  argvLog: string;
  promptLog: string;
}

export const PAM_CHATTER = [
  'Warning: your password will expire in 3 days',
  'pam_unix(sudo:auth): password for root is about to expire',
  'Last failed login: Tue Jan 14 10:12:01 UTC on pts/0',
];

export function writeFakeSudo(dir: string, password: string, chatter: readonly string[] = []): FakeSudo {
  const path = join(dir, `fake-sudo-${chatter.length}`);
  const argvLog = join(dir, 'fake-sudo.argv');
  const promptLog = join(dir, 'fake-sudo.prompts');
  const talk = chatter.map((line) => `  printf '%s\\n' ${shQuote(line)} >&2; sleep 0.2`).join('\n');
  writeFileSync(
    path,
    `#!/bin/sh
printf '%s\\n' "$@" >> ${shQuote(argvLog)}
prompt=
while [ $# -gt 0 ]; do case $1 in -p) prompt=$2; shift 2;; -u) shift 2;; -*) shift;; *) break;; esac; done
tries=0
while [ $tries -lt 3 ]; do
  echo prompt >> ${shQuote(promptLog)}; printf '%s' "$prompt" >&2
  IFS= read -r pw || exit 1
  if [ "$pw" = ${shQuote(password)} ]; then
${talk || '  :'}
    exec "$@"
  fi
  sleep 1; echo 'Sorry, try again.' >&2; tries=$((tries+1))
done
echo 'sudo: 3 incorrect password attempts' >&2; exit 1
`,
  );
  chmodSync(path, 0o755);
  return { path, argvLog, promptLog };
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
