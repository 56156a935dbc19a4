import path from 'node:path';
import { RunEvents } from '../../executor/events.js';
import { defaultRunOptions } from '../../executor/options.js';
import { runPlaybooks } from '../../executor/run-playbook.js';
import { playbookFromData } from '../../playbook/load-playbook.js';
import { Masker } from '../../secrets/mask.js';
import { attachReporter, type Io } from '../reporters.js';
import { openVault, type VaultOptions } from '../vault.js';
import { withVaultDecoder } from '../../secrets/vault-hook.js';
import { loadConfig, loadProjectInventory, type ProjectConfig } from '../../project/config.js';
import { parseExtraVars } from '../extra-vars.js';
import { labDownHint } from '../lab-hint.js';
import { warnIgnoredSettings } from '../config-warnings.js';
import { connectionSettings, type ConnectionCliOptions } from '../connection-options.js';
import { forksOf } from './run.js';

export interface ExecCliOptions extends VaultOptions, ConnectionCliOptions {
  inventory?: string[];
  module?: string;
  args?: string;
  limit?: string;
  check?: boolean;
  diff?: boolean;
  extraVars?: string[];
  forks?: string;
  json?: boolean;
  verbose?: number;
  acceptNewHostKeys?: boolean;
}

/** `play exec PATTERN -m MODULE -a ARGS`: Ansible's ad-hoc mode, as a one-task play. */
export async function execCommand(pattern: string, o: ExecCliOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const config = await loadConfig();
  warnIgnoredSettings(config, io);
  const masker = new Masker();
  const decoder = await openVault(o, masker, io, config);
  try {
    return await withVaultDecoder(decoder, () => loadAndRun(pattern, o, io, signal, config, masker));
  } catch (err) {
    throw masker.maskError(err);
  }
}

async function loadAndRun(pattern: string, o: ExecCliOptions, io: Io, signal: AbortSignal | undefined, config: ProjectConfig, masker: Masker): Promise<number> {
  const inventory = await loadProjectInventory(o.inventory, config);
  const module = o.module ?? 'command';
  const task: Record<string, unknown> = { name: `${module}${o.args ? ` ${o.args}` : ''}`, [module]: o.args ?? null };
  const play = { hosts: pattern, gather_facts: false, tasks: [task] };
  const playbook = await playbookFromData([play], path.join(process.cwd(), '(ad-hoc)'), { rolesPath: config.rolesPath });
  const connection = await connectionSettings(o, config, masker, o.acceptNewHostKeys === true);
  const forks = forksOf(o.forks, config.forks);
  const events = new RunEvents();
  const verbosity = o.verbose ?? 0;
  const done = await attachReporter(events, io, { json: o.json === true, verbosity, adhoc: true });
  const summary = await runPlaybooks({
    playbooks: [playbook],
    inventory,
    events,
    masker,
    options: defaultRunOptions({
      check: o.check === true,
      diff: o.diff === true,
      limit: o.limit,
      forks,
      extraVars: await parseExtraVars(o.extraVars ?? []),
      unreachableHint: labDownHint(),
      verbosity,
      acceptNewHostKeys: connection.acceptNewHostKeys,
      connectionDefaults: connection.defaults,
      signal,
    }),
  });
  await done();
  return summary.exitCode;
}
