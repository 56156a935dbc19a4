/**
 * The lab matrix: one scenario per registered module, run by lab-matrix.ssh.test.ts against a
 * lab host over SSH (check+diff, real+diff, real again), and the modules left out of it, each
 * with the reason and the tests that cover it instead. lab-matrix-coverage.test.ts fails when
 * a registered module is in neither list.
 */
import type { JsonResult } from '../support/project.js';
import { addedExclusions, addedScenarios } from './lab-matrix-added.js';
import { fileScenarios } from './lab-matrix-files.js';
import { removalScenarios } from './lab-matrix-removals.js';
import { systemScenarios } from './lab-matrix-system.js';

export type LabHost = 'virtual3' | 'kvmhost';

export const LAB_ADDRESS: Record<LabHost, string> = { virtual3: '127.0.10.158', kvmhost: '127.0.10.153' };

/**
 * What the tasks under test do over the three runs:
 * - converges: the check run predicts the first run, which changes; the second changes nothing;
 * - read-only: nothing changes in any run, and all three runs give the same results;
 * - always-changes: every run reports changed (raw has no guard), the check run runs nothing.
 */
export type Behaviour = 'converges' | 'read-only' | 'always-changes';

export interface Scenario {
  /** The module under test. Its tasks are named "under test" (or "under test: …"). */
  module: string;
  /** Which of the module's scenarios, when it has more than one ("absent", "usermod"…). */
  variant?: string;
  host: LabHost;
  /** The scenario's own directory on the host (and unique names): removed before and after. */
  root: string;
  behaviour: Behaviour;
  /** The play's tasks (YAML list, indented by 4). `matrix_http` is a local HTTP server's URL. */
  tasks: string;
  /** Shell on the host before the runs, after cleanup. */
  setup?: string;
  /** Shell on the host that removes what the scenario made besides `root` (users, domains…). */
  cleanup?: string;
  /** Controller-side project files (templates/…); "{{dir}}" in tasks is the project directory. */
  files?: Record<string, string>;
  /** The unified diff (`--diff`) of the first run's tasks under test, in order. */
  diff?: string;
  /** Shell on the host after the first run, and its exact stdout. */
  verify?: { command: string; stdout: string };
  /** A controller file (relative to the project) and its content after the first run. */
  verifyLocal?: { path: string; content: string };
  /** Messages of tasks by name, the same in all three runs (read-only results, registered values). */
  messages?: Record<string, string>;
  /** The status of the tasks under test when it is not ok/changed (fail with ignore_errors). */
  status?: JsonResult['status'];
  /** The status of the tasks under test on the second run, when it is not ok. */
  secondRunStatus?: JsonResult['status'];
}

export interface Exclusion {
  module: string;
  reason: string;
  /** Test files that cover the module instead (they must exist). */
  coveredBy: readonly string[];
}

export const scenarios: readonly Scenario[] = [...fileScenarios, ...systemScenarios, ...removalScenarios, ...addedScenarios];

export const exclusions: readonly Exclusion[] = [
  {
    module: 'apt',
    reason: 'installs hold the lab hosts\' dpkg lock for minutes while other runs converge them; covered with check-mode prediction and idempotence on virtual3',
    coveredBy: ['test/modules-system/lab.test.ts', 'test/modules-system/apt'],
  },
  {
    module: 'package',
    reason: 'dispatches to apt on the lab hosts (see apt); covered on virtual3',
    coveredBy: ['test/modules-system/lab.test.ts', 'test/modules-system/package'],
  },
  { module: 'yum', reason: 'no RPM-based host in the lab', coveredBy: ['test/modules-system/yum'] },
  { module: 'validate_argument_spec', reason: 'runs on the controller and changes nothing on a host: there is no state to converge or predict', coveredBy: ['test/compat/corpus/sem-role-argument-specs'] },
  { module: 'ping', reason: 'sends one command that changes nothing: there is no state to converge or predict', coveredBy: ['test/compat/corpus/ping.yml'] },
  { module: 'dnf', reason: 'no RPM-based host in the lab', coveredBy: ['test/modules-system/dnf'] },
  {
    module: 'modprobe',
    reason: 'lab hosts are namespaces of one kernel: they cannot load or unload kernel modules',
    coveredBy: ['test/modules-system/modprobe'],
  },
  {
    module: 'asterisk_command',
    reason: 'needs the lab hosts\' Asterisk, which other runs start, stop and reconfigure; covered with a private, module-less start on virtual3',
    coveredBy: ['test/modules-system/lab.test.ts', 'test/modules-system/asterisk_command'],
  },
  {
    module: 'asterisk_reload',
    reason: 'reloads the lab hosts\' shared Asterisk; covered by the roles\' handlers (check predicts the first run on the lab guests)',
    coveredBy: ['test/roles/guest-side.test.ts', 'test/modules-system/asterisk_reload'],
  },
  {
    module: 'spa_phone',
    reason: 'the lab phone is shared and configured by site.yml; covered with check, apply and rerun against a private emulator',
    coveredBy: ['test/spa303/run.test.ts', 'test/spa303/spa-phone.test.ts'],
  },
  ...addedExclusions,
];
