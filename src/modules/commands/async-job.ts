/**
 * Background jobs as Ansible's async_wrapper keeps them, in POSIX sh on the target (no Python):
 * the job's status is a JSON file `~/.ansible_async/<jid>` — `{"started": 1, "finished": 0, …}`
 * while it runs, the command module's result once it has finished, `{"msg": "Timeout exceeded",
 * "failed": true, …}` when its time limit stopped it. async_status and the executor's poll loop
 * both read it with statusCommand/readStatus.
 */
import { rawCommand, sh, type ShellCommand } from '../../connection/command.js';

/** The directory of job files: the (become) user's ~/.ansible_async, Ansible's default async_dir. */
const JOB_DIR = '"$HOME/.ansible_async"';

/**
 * The command module's result as JSON, from the job's output files (ARGV[1], ARGV[2]), its exit
 * code and the `date` stamps taken around it. Plain awk (index/substr, no gsub backslash rules),
 * byte by byte under LC_ALL=C; output loses its trailing line ends as Ansible's strip_empty_ends.
 */
const RESULT_AWK = String.raw`
function rep(s, a, b,   o, i) { o = ""; while ((i = index(s, a)) > 0) { o = o substr(s, 1, i - 1) b; s = substr(s, i + length(a)) } return o s }
function esc(s,   i, c) {
  s = rep(rep(s, "\\", "\\\\"), "\"", "\\\"")
  for (i = 1; i < 32; i++) { c = sprintf("%c", i); if (index(s, c)) s = rep(s, c, i == 9 ? "\\t" : i == 13 ? "\\r" : i == 10 ? "\\n" : sprintf("\\u%04x", i)) }
  return s
}
function emit(file,   line, n, pend, body) {
  n = 0; pend = ""
  while ((getline line < file) > 0) {
    if (n++) pend = pend "\n"
    body = line; sub(/\r+$/, "", body)
    if (body == "") { pend = pend line; continue }
    printf "%s%s", esc(pend), esc(body)
    pend = substr(line, length(body) + 1)
  }
  close(file)
}
function us(x) { if (x !~ /^[0-9]+$/) x = "0"; return substr(x "000000", 1, 6) }
function stamp(a) { return a[1] " " a[2] "." us(a[4]) }
function delta(a, b,   sec, u) {
  sec = b[3] - a[3]; u = us(b[4]) - us(a[4]); if (u < 0) { u += 1000000; sec-- }
  return sprintf("%d:%02d:%02d.%06d", int(sec / 3600), int((sec % 3600) / 60), sec % 60, u)
}
BEGIN {
  split(s, a, " "); split(e, b, " ")
  printf "{\"changed\": true, \"stdout\": \""; emit(ARGV[1]); printf "\", \"stderr\": \""; emit(ARGV[2])
  printf "\", \"rc\": %d, \"cmd\": %s, \"start\": \"%s\", \"end\": \"%s\", \"delta\": \"%s\", ", rc, ENVIRON["PLAY_ASYNC_CMD"], stamp(a), stamp(b), delta(a, b)
  if (rc != 0) printf "\"failed\": true, \"msg\": \"non-zero return code\"}\n"; else printf "\"msg\": \"\"}\n"
  exit
}`;

export interface JobSpec {
  /** The command as the command/shell module would run it (it may end in `exec`). */
  command: ShellCommand;
  /** The result's `cmd`: command's argv, shell's text. */
  cmd: string | readonly string[];
  /** Written to a file next to the job's and given to the command as its stdin. */
  hasStdin: boolean;
  cwd: string | undefined;
  /** The job's time limit (`async:`): then it is killed, with its process group. */
  limitS: number;
  /** The start of the job id; the target adds `.<pid>` (Ansible's j<digits>.<pid>). */
  jidPrefix: string;
}

/** The pids of a process and all its descendants (`ps` is POSIX; a process group would need job control). */
const TREE_AWK = '{ k[NR] = $1; pp[NR] = $2 } END { t[r] = 1; do { n = 0; for (i = 1; i <= NR; i++) if ((pp[i] in t) && !(k[i] in t)) { t[k[i]] = 1; n++ } } while (n); for (p in t) print p }';

/**
 * Starts the job and prints its id and status file. The job runs detached (all its output in
 * files, HUP ignored); a watchdog stops it and everything it started when its time is up, and is
 * itself stopped (with its sleep) when the job ends first.
 */
export function launchCommand(job: JobSpec): ShellCommand {
  const stdin = job.hasStdin ? sh`cat >"$f.in" || exit 1\n` : sh``;
  const input = job.hasStdin ? '"$f.in"' : '/dev/null';
  const cd = job.cwd === undefined ? sh`` : sh`cd ${job.cwd} || exit 1\n`;
  return sh`d=${rawCommand(JOB_DIR)}; j=${job.jidPrefix}.$$; f="$d/$j"\n`
    .concat(sh`mkdir -p "$d" && printf '{"started": 1, "finished": 0, "ansible_job_id": "%s"}\\n' "$j" >"$f" || exit 1\n`)
    .concat(stdin)
    .concat(sh`(\ntrap '' HUP\ns=$(date '+%Y-%m-%d %H:%M:%S %s %N')\n(\n`)
    .concat(cd)
    .concat(job.command)
    .concat(sh`\n) <${rawCommand(input)} >"$f.out" 2>"$f.err" &\nc=$!\n`)
    .concat(sh`(trap 'kill $t 2>/dev/null; exit 0' TERM; sleep ${String(job.limitS)} & t=$!; wait $t; : >"$f.timeout"; `)
    .concat(sh`kill -9 $(ps -e -o pid= -o ppid= 2>/dev/null | awk -v r="$c" ${TREE_AWK}) $c) >/dev/null 2>&1 &\nw=$!\n`)
    .concat(sh`wait $c; rc=$?\nkill $w 2>/dev/null; wait $w\ne=$(date '+%Y-%m-%d %H:%M:%S %s %N')\n`)
    .concat(sh`if [ -f "$f.timeout" ]; then printf '{"msg": "Timeout exceeded", "failed": true, "child_pid": %s}\\n' "$c"\n`)
    .concat(sh`else PLAY_ASYNC_CMD=${JSON.stringify(job.cmd)} LC_ALL=C awk -v rc="$rc" -v s="$s" -v e="$e" ${RESULT_AWK} "$f.out" "$f.err"\n`)
    .concat(sh`fi >"$f.tmp" && mv -f "$f.tmp" "$f"\nrm -f "$f.out" "$f.err" "$f.in" "$f.timeout"\n) </dev/null >/dev/null 2>&1 &\n`)
    .concat(sh`printf '%s\\n%s\\n' "$j" "$f"`);
}

/** Prints the job file's path, whether it exists, and its content. */
export function statusCommand(jid: string): ShellCommand {
  return sh`f=${rawCommand(JOB_DIR)}/${jid}; printf '%s\\n' "$f"; if [ -e "$f" ]; then echo found; cat "$f"; else echo missing; fi`;
}

/** Removes the job file (async_status mode=cleanup). */
export function cleanupCommand(jid: string): ShellCommand {
  return sh`rm -f ${rawCommand(JOB_DIR)}/${jid}`;
}

export interface JobStatus {
  /** async_status's result: the job's own fields with ansible_job_id, started, finished, results_file. */
  result: Record<string, unknown>;
  found: boolean;
  /** The job failed (its result says so, or its rc is not 0), or its file cannot be read. */
  failed: boolean;
  finished: boolean;
  path: string;
}

/** statusCommand's output read as Ansible's async_status module and action plugin read the file. */
export function readStatus(jid: string, stdout: string): JobStatus {
  const [path = '', found = '', ...rest] = stdout.split('\n');
  const base: Record<string, unknown> = { started: 1, finished: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], ansible_job_id: jid, results_file: path };
  if (found !== 'found') {
    return { result: { ...base, finished: 1, msg: 'could not find job' }, found: false, failed: true, finished: true, path };
  }
  const text = rest.join('\n');
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    data = parsed as Record<string, unknown>;
  } catch {
    // not written yet: the job is running (Ansible's reading of an empty file)
    if (text.trim() === '') return { result: base, found: true, failed: false, finished: false, path };
    return { result: { ...base, finished: 1, msg: `Could not parse job output: ${text}` }, found: true, failed: true, finished: true, path };
  }
  if (!('started' in data)) {
    data.finished = 1;
    data.ansible_job_id = jid;
  } else if (!('finished' in data)) data.finished = 0;
  if (typeof data.stdout === 'string' && !('stdout_lines' in data)) data.stdout_lines = lines(data.stdout);
  if (typeof data.stderr === 'string' && !('stderr_lines' in data)) data.stderr_lines = lines(data.stderr);
  const result = { ...base, ...data };
  const failed = 'failed' in data ? Boolean(data.failed) : 'rc' in data && data.rc !== 0 && data.rc !== '0';
  return { result, found: true, failed, finished: Number(data.finished) === 1, path };
}

/** Python's str.splitlines(), as Ansible makes stdout_lines: every line boundary Python knows. */
function lines(text: string): string[] {
  const out = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (out[out.length - 1] === '') out.pop();
  return out;
}
