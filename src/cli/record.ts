import { defaultHistoryFile, openHistory, type HistoryDb } from '../history/db.js';
import type { Io } from './reporters.js';
import { RunRecorder, type RunKind } from '../history/recorder.js';
import type { RunEvent } from '../executor/events.js';
import { loadConfig } from '../project/config.js';
import { PlayError } from '../errors.js';

/**
 * Records a CLI run into the project's history (.play/history.sqlite). If the process is ended
 * before the run is (a second Ctrl-C, SIGTERM, SIGHUP), the run is marked interrupted on the way
 * out; a SIGKILL leaves it 'running' with a dead pid, which the next open marks interrupted.
 */
export async function recorded(kind: RunKind, check: boolean, run: (observe?: (e: RunEvent) => void) => Promise<number>, io: Io): Promise<number> {
  let db: HistoryDb;
  try {
    db = openHistory(defaultHistoryFile((await loadConfig()).dir));
  } catch (err) {
    // a project on a read-only disk still runs; the warning says what is not kept
    io.stderr.write(`[WARNING]: this run is not recorded: ${err instanceof Error ? err.message : String(err)} (--no-record silences this)\n`);
    return run();
  }
  const recorder = new RunRecorder(db, { kind, check, command: commandLine() });
  const onExit = (): void => recorder.interrupt();
  const onTerm = (signal: NodeJS.Signals): void => {
    recorder.interrupt();
    process.exit(128 + (signal === 'SIGTERM' ? 15 : 1));
  };
  process.on('exit', onExit);
  process.once('SIGTERM', onTerm);
  process.once('SIGHUP', onTerm);
  try {
    const code = await run(recorder.observe);
    recorder.finish(code);
    if (recorder.error) io.stderr.write(`[WARNING]: this run's record is incomplete: ${recorder.error.message}\n`);
    return code;
  } catch (err) {
    // the CLI reports the error; the record ends with the exit code it will give
    recorder.finish(err instanceof PlayError ? err.exitCode : 250);
    throw err;
  } finally {
    process.off('exit', onExit);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onTerm);
    db.close();
  }
}

/** `play run site.yml --check`, as typed (argv after node). */
function commandLine(): string {
  return ['play', ...process.argv.slice(2)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}
