import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESTART_EXIT_CODE } from './power-layer.js';
import { supervisorScript } from './supervisor-script.js';

/**
 * The restart loop, run for real with a stand-in for the namespace: a script that counts its
 * boots in a file and exits as the test says (what a host's init would).
 */
describe('lab host supervisor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'play-supervisor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the loop over a boot whose exit code, for boot N (1-based), is `exitOf` in sh. */
  function supervise(exitOf: string): { rc: number | null; boots: number; log: string } {
    const counter = join(dir, 'boots');
    rmSync(counter, { force: true });
    const boot = `n=$(( $(cat ${counter} 2>/dev/null || echo 0) + 1 )); echo $n > ${counter}; ${exitOf}`;
    const r = spawnSync('/bin/sh', ['-c', supervisorScript(['/bin/sh', '-c', boot])], { encoding: 'utf8', timeout: 60_000 });
    return { rc: r.status, boots: Number(readFileSync(counter, 'utf8')), log: r.stdout };
  }

  it('is valid POSIX shell', () => {
    expect(spawnSync('/bin/sh', ['-n', '-c', supervisorScript(['unshare', '--fork', '/bin/sh', '-c', "echo 'it''s'"])]).status).toBe(0);
  });

  it('boots again as long as the init asks for a restart, then ends with its exit code', () => {
    const r = supervise(`[ $n -lt 3 ] && exit ${RESTART_EXIT_CODE}; exit 0`);
    expect(r).toMatchObject({ rc: 0, boots: 3 });
    expect(r.log).toContain('lab: restarting (boot 2)');
    expect(r.log).toContain('lab: restarting (boot 3)');
  });

  it('does not restart a host that failed or stopped', () => {
    expect(supervise('exit 3')).toMatchObject({ rc: 3, boots: 1 });
    expect(supervise('exit 0')).toMatchObject({ rc: 0, boots: 1 });
  });

  it('starts no new boot once told to stop, even when the boot ends asking for a restart', () => {
    // the boot's parent is the loop: TERM it (as `play lab down` does), then ask for a restart
    const r = supervise(`kill -TERM $PPID; exit ${RESTART_EXIT_CODE}`);
    expect(r).toMatchObject({ rc: RESTART_EXIT_CODE, boots: 1 });
  });
});
