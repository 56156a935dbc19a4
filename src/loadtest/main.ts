/**
 * `npm run loadtest [-- --ramp]`: readies the PBX guest with loadtest.yml, then runs SIPp
 * against it — the thesis' load (10 calls/s, 10 s calls, 1265 calls), or with --ramp short
 * calls at rising rates until the PBX starts failing — and prints the report in Markdown.
 * Exit 0 when the thesis' load was answered cleanly (or the ramp ran), 1 otherwise.
 */
import os from 'node:os';
import { Command } from 'commander';
import { callsFailed, DEFAULT_RATES, ramp } from './ramp.js';
import { problemsOf, rampTable, rampVerdict, thesisComparison } from './report.js';
import { convergeLoadTest, DEFAULT_TARGET, loadBase, pbxUptimeS, THESIS_LOAD, waitForPbx, type LoadTestTarget } from './prepare.js';
import { pbxRestarted, runSipp, type SippLoad, type SippRun } from './sipp.js';

interface Options {
  inventory: string;
  host: string;
  source: string;
  extension: string;
  ramp?: boolean;
  rates: string;
  stepSeconds: string;
  callMs: string;
  converge: boolean;
  untilFailed?: boolean;
  cleanup?: boolean;
}

const say = (text: string) => process.stderr.write(`[loadtest] ${text}\n`);

function numbers(text: string, what: string): number[] {
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`${what}: expected positive numbers, got '${text}'`);
  return list;
}

/** One SIPp run once the PBX's Asterisk answers, and how long it has been up at the run's end. */
async function runChecked(target: LoadTestTarget, load: SippLoad): Promise<SippRun> {
  if ((await waitForPbx(target)) === 0) say(`Asterisk on ${target.host} does not answer: running anyway`);
  const run = await runSipp(load);
  return { ...run, pbxUptimeS: pbxUptimeS(target) };
}

const restartNote = (run: SippRun) => say(`Asterisk on the PBX was down or restarted during the run (up ${run.pbxUptimeS} s at its end): running it again`);

async function main(o: Options): Promise<number> {
  const target: LoadTestTarget = { inventory: o.inventory, host: o.host, source: o.source, extension: o.extension };
  const base = await loadBase(target);
  if (o.converge) {
    say(`play run loadtest.yml --limit ${target.host}`);
    convergeLoadTest(target);
  }
  const where = `${target.host} (${base.target}:${base.port}, extension ${base.extension}, from ${base.source})`;
  let ok = true;
  try {
    if (o.ramp) {
      const [callMs] = numbers(o.callMs, '--call-ms');
      const [stepSeconds] = numbers(o.stepSeconds, '--step-seconds');
      const steps = await ramp({ ...base, callMs: callMs ?? 1000 }, {
        rates: numbers(o.rates, '--rates'),
        stepSeconds: stepSeconds ?? 10,
        settleMs: 3000,
        stopOn: o.untilFailed ? 'failure' : 'problem',
        run: (load) => runChecked(target, load),
        onRestart: restartNote,
        onStep: (s) => say(`${s.run.load.rate} calls/s: ${s.problems.length === 0 ? 'clean' : s.problems.join('; ')}`),
      });
      process.stdout.write(`Ramp against ${where}: ${stepSeconds} s of ${callMs} ms calls per step, on ${os.cpus().length} cores.\n\n`);
      const failed = steps.find((s) => callsFailed(s) && !pbxRestarted(s.run));
      const failedAt = failed ? `First failed or unanswered calls at ${failed.run.load.rate} calls/s.` : 'No call failed.';
      process.stdout.write(`${rampTable(steps)}\n\n${rampVerdict(steps)} ${failedAt}\n`);
    } else {
      say(`SIPp: ${THESIS_LOAD.calls} calls at ${THESIS_LOAD.rate} calls/s, ${THESIS_LOAD.callMs / 1000} s each, against ${where}`);
      let run = await runChecked(target, { ...base, ...THESIS_LOAD });
      for (let retry = 0; pbxRestarted(run) && retry < 2; retry++) {
        restartNote(run);
        run = await runChecked(target, { ...base, ...THESIS_LOAD });
      }
      const problems = problemsOf(run.result, THESIS_LOAD.calls);
      ok = problems.length === 0 && !pbxRestarted(run);
      process.stdout.write(`Load test against ${where}; load average ${run.loadBefore.toFixed(2)} before, ${run.loadAfter.toFixed(2)} after.\n\n`);
      if (pbxRestarted(run)) problems.unshift('Asterisk was down or restarted during the run');
      process.stdout.write(`${thesisComparison(run)}\n\n${ok ? 'Every call answered and completed.' : `Problems: ${problems.join('; ')}.`}\n`);
      for (const e of run.errors) process.stdout.write(`  sipp: ${e}\n`);
    }
  } finally {
    if (o.cleanup) {
      say(`play run loadtest.yml --limit ${target.host} -e loadtest_state=absent`);
      convergeLoadTest(target, 'absent');
    }
  }
  return ok ? 0 : 1;
}

const program = new Command('loadtest')
  .description("SIPp against a lab PBX guest: the thesis' load, or a ramp to the failing rate")
  .option('-i, --inventory <file>', 'inventory', DEFAULT_TARGET.inventory)
  .option('--host <name>', 'the PBX guest under test', DEFAULT_TARGET.host)
  .option('--source <address>', 'address SIPp sends from (identifies the load-test endpoint)', DEFAULT_TARGET.source)
  .option('--extension <exten>', 'extension dialled', DEFAULT_TARGET.extension)
  .option('--ramp', 'step through --rates with short calls until a step fails')
  .option('--rates <list>', 'ramp rates, calls per second', DEFAULT_RATES.join(','))
  .option('--step-seconds <n>', 'seconds of new calls per ramp step', '10')
  .option('--until-failed', 'ramp on past retransmissions, to the first step with a failed or unanswered call')
  .option('--call-ms <n>', 'length of each ramp call in ms', '1000')
  .option('--no-converge', 'do not run loadtest.yml first')
  .option('--cleanup', 'remove the load-test endpoint afterwards (loadtest_state=absent)')
  .action(async (o: Options) => {
    process.exitCode = await main(o);
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`loadtest: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
