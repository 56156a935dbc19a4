/**
 * The step ramp: the same short calls at rising rates, one SIPp run per rate, until a step is
 * not clean (a call unanswered or failed, a message retransmitted or timed out) — the rate at
 * which the PBX starts failing on this machine.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { problemsOf, type RampStep } from './report.js';
import { pbxRestarted, runSipp, type SippLoad, type SippRun } from './sipp.js';

/** The rates tried in turn (calls per second). */
export const DEFAULT_RATES = [10, 20, 50, 100, 200, 400];

export interface RampOptions {
  rates: number[];
  /** Seconds of new calls per step (calls = rate × stepSeconds). */
  stepSeconds: number;
  /** Pause between steps, so one step's last calls are gone before the next starts. */
  settleMs: number;
  /** Runs one step (SIPp by default). */
  run?: (load: SippLoad) => Promise<SippRun>;
  onStep?: (step: RampStep) => void;
  onRestart?: (run: SippRun) => void;
  /** Stop at the first step with any problem (default), or only at one with a failed or unanswered call. */
  stopOn?: 'problem' | 'failure';
  /** Runs of a step again when the PBX restarted during it (someone else's restart is no result). */
  restartRetries?: number;
}

/** A step in which some call failed or went unanswered (not merely retransmitted). */
export function callsFailed(step: RampStep): boolean {
  const r = step.run.result;
  return r.failed > 0 || r.answered < step.run.load.calls || r.successful < step.run.load.calls;
}

/** Runs the steps in order and stops after the first one with problems (or failures: `stopOn`). */
export async function ramp(base: Omit<SippLoad, 'rate' | 'calls'>, opts: RampOptions): Promise<RampStep[]> {
  const run = opts.run ?? ((load: SippLoad) => runSipp(load));
  const steps: RampStep[] = [];
  for (const [i, rate] of opts.rates.entries()) {
    if (i > 0) await sleep(opts.settleMs);
    const calls = Math.round(rate * opts.stepSeconds);
    let result = await run({ ...base, rate, calls });
    for (let retry = 0; pbxRestarted(result) && retry < (opts.restartRetries ?? 2); retry++) {
      opts.onRestart?.(result);
      await sleep(opts.settleMs);
      result = await run({ ...base, rate, calls });
    }
    const step = { run: result, problems: problemsOf(result.result, calls) };
    steps.push(step);
    opts.onStep?.(step);
    if (opts.stopOn === 'failure' ? callsFailed(step) : step.problems.length > 0) break;
  }
  return steps;
}
