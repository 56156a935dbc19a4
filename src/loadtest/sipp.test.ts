import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEvents, runSipp, runTimeoutS, SippError, sippArgs, type SippLoad } from './sipp.js';

const LOAD: SippLoad = { target: '127.0.10.195', port: 5060, source: '127.0.10.240', sourcePort: 5060, extension: '8000', rate: 10, callMs: 10_000, calls: 1265 };

describe('SIPp command line', () => {
  it("is the thesis' load with every trace SIPp can write", () => {
    const args = sippArgs(LOAD, 200).join(' ');
    expect(args).toBe(
      '127.0.10.195:5060 -sn uac -s 8000 -i 127.0.10.240 -p 5060 -r 10 -d 10000 -m 1265 -l 1265 -trace_stat -fd 1 -trace_counts -trace_screen -trace_err -nostdin -timeout 200s',
    );
  });

  it('allows the calls, one call and an unanswered INVITE to run out', () => {
    // 126.5 s of arrivals + 10 s call + 32 s INVITE timeout + 30 s margin
    expect(runTimeoutS(LOAD)).toBe(199);
  });

  it('splits the error log into its events', () => {
    const events = errorEvents(readFileSync(path.join(import.meta.dirname, 'fixtures', 'unanswered', 'errors.log'), 'utf8'));
    expect(events).toHaveLength(5);
    expect(events[0]).toMatch(/^2026-12-01\t21:08:59\.160805\t1796159339\.160805: Aborting call on UDP retransmission timeout for Call-ID '1-27102@127\.0\.77\.1'$/);
  });

  it('says what to install when there is no sipp', async () => {
    await expect(runSipp({ ...LOAD, calls: 1 }, { sipp: 'sipp-not-installed-here' })).rejects.toThrow(SippError);
    await expect(runSipp({ ...LOAD, calls: 1 }, { sipp: 'sipp-not-installed-here' })).rejects.toThrow(/sip-tester/);
  });
});

function udpPortTaken(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(true);
    });
    socket.bind(port, address, () => socket.close(() => resolve(false)));
  });
}

const hasSipp = spawnSync('sh', ['-c', 'command -v sipp'], { stdio: 'ignore' }).status === 0;

/** A loopback address of this run's own (127.77.x.y: no lab host, no other run of these tests). */
const ownAddress = () => `127.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;

// A real SIPp UAC against a real SIPp UAS, on loopback addresses no lab host uses. CI installs
// sip-tester, so there a missing sipp fails here instead of skipping.
describe.runIf(hasSipp || process.env.CI)('a real SIPp run', () => {
  const UAS = ownAddress();
  const UAC = ownAddress();
  let uas: ReturnType<typeof spawn> | undefined;
  beforeAll(async () => {
    uas = spawn('sipp', ['-sn', 'uas', '-i', UAS, '-p', '5060', '-nostdin', '-timeout', '60s'], { stdio: 'ignore' });
    // listening once its port can no longer be bound
    for (let i = 0; i < 100 && !(await udpPortTaken(UAS, 5060)); i++) await sleep(50);
  });
  afterAll(() => {
    uas?.kill('SIGKILL');
  });

  it('is read back: every call answered and completed, no sipp left running', async () => {
    const run = await runSipp({ target: UAS, port: 5060, source: UAC, sourcePort: 5070, extension: '8000', rate: 20, callMs: 500, calls: 20 });
    expect(run.exitCode).toBe(0);
    expect(run.result).toMatchObject({ attempted: 20, invites: 20, ringing: 20, answered: 20, successful: 20, failed: 0, retransmissions: 0, timeouts: 0 });
    expect(run.result.peakConcurrent).toBeGreaterThan(1);
    expect(run.errors).toEqual([]);
    const left = spawnSync('pgrep', ['-f', `^sipp ${UAS}:5060 `], { encoding: 'utf8' });
    expect(left.stdout).toBe('');
  }, 30_000);

  it('reports a PBX that answers nothing as failed calls, not as an error', async () => {
    // nobody listens there: every INVITE is retransmitted, then times out (as in the thesis;
    // one retransmission instead of SIPp's seven keeps it short)
    const load = { target: ownAddress(), port: 5060, source: UAC, sourcePort: 5071, extension: '8000', rate: 10, callMs: 500, calls: 2 };
    const run = await runSipp(load, { extraArgs: ['-max_invite_retrans', '1'] });
    expect(run.exitCode).toBe(1);
    expect(run.result).toMatchObject({ attempted: 2, answered: 0, failed: 2 });
    expect(run.result.retransmissions).toBeGreaterThan(0);
  }, 30_000);
});
