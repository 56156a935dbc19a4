import path from 'node:path';
import { formatPos, OptionsError } from '../../errors.js';
import { RunEvents, type RunEvent } from '../../executor/events.js';
import { defaultRunOptions, type RunOptions } from '../../executor/options.js';
import { runPlaybooks } from '../../executor/run-playbook.js';
import type { KeptConnections } from '../../executor/connections.js';
import type { Inventory } from '../../inventory/types.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import type { Item, Playbook } from '../../playbook/model.js';
import { Masker } from '../../secrets/mask.js';
import { openVault } from '../vault.js';
import { withVaultDecoder } from '../../secrets/vault-hook.js';
import { Templar } from '../../template/index.js';
import { attachReporter, cliWarning, type Io } from '../reporters.js';
import { loadConfig, loadProjectInventory, type ProjectConfig } from '../../project/config.js';
import { parseExtraVars } from '../extra-vars.js';
import { connectionSettings, type ConnectionCliOptions } from '../connection-options.js';
import { warnIgnoredSettings } from '../config-warnings.js';
import { openFactCache } from '../fact-cache.js';
import { listPlay, playHosts, type ListingRequest } from './listing.js';
import { assertLimitMatches } from './limit-check.js';
import { assertStartAtTaskExists } from './start-at-task-check.js';
import { stepPrompter } from '../step-prompt.js';
import { labDownHint } from '../lab-hint.js';

export interface RunCliOptions extends ConnectionCliOptions {
  inventory?: string[];
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  role?: string[];
  check?: boolean;
  diff?: boolean;
  extraVars?: string[];
  forks?: string;
  startAtTask?: string;
  step?: boolean;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  flushCache?: boolean;
  syntaxCheck?: boolean;
  json?: boolean;
  verbose?: number;
  /** JSON lines carry each task's result at any verbosity (the differential harness runs Ansible without -v). */
  jsonResults?: boolean;
  acceptNewHostKeys?: boolean;
  forceHandlers?: boolean;
  render?: string;
  offline?: boolean;
  planJson?: boolean;
  vaultId?: string[];
  vaultPasswordFile?: string[];
  vaultPassFile?: string[];
  askVaultPass?: boolean;
  askVaultPassword?: boolean;
}

const splitList = (values: string[] | undefined): string[] => (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);

/**
 * `play run`. `observe` sees every executor event as the reporters do (masked): what a command
 * built on runs (`play test`) listens to instead of reading its output back.
 */
export async function runCommand(
  files: string[],
  o: RunCliOptions,
  io: Io,
  signal?: AbortSignal,
  observe?: (e: RunEvent) => void,
  keptConnections?: KeptConnections,
): Promise<number> {
  const config = await loadConfig();
  warnIgnoredSettings(config, io);
  const masker = new Masker();
  const decoder = await openVault(o, masker, io, config);
  // loads here and during the run (include_vars, vars_files, roles) open vault data with this run's passwords
  try {
    return await withVaultDecoder(decoder, () => loadAndRun(files, o, io, { signal, observe, keptConnections }, config, masker));
  } catch (err) {
    throw masker.maskError(err);
  }
}

interface RunHooks {
  signal: AbortSignal | undefined;
  observe: ((e: RunEvent) => void) | undefined;
  /** Borrowed connections (play serve keeps them open between runs). */
  keptConnections: KeptConnections | undefined;
}

async function loadAndRun(files: string[], o: RunCliOptions, io: Io, { signal, observe, keptConnections }: RunHooks, config: ProjectConfig, masker: Masker): Promise<number> {
  const paths = (files.length ? files : ['site.yml']).map((f) => path.resolve(f));
  const playbooks: Playbook[] = [];
  const extraVars = await parseExtraVars(o.extraVars ?? []);
  for (const p of paths) playbooks.push(await loadPlaybook(p, { rolesPath: config.rolesPath, extraVars }));
  const inventory = await loadProjectInventory(o.inventory, config, path.dirname(paths[0] as string));
  const roles = splitList(o.role);
  validateRoles(playbooks, roles);
  const forks = forksOf(o.forks, config.forks);

  assertLimitMatches(inventory, o.limit);
  if (o.syntaxCheck) {
    // each playbook as named on the command line, as ansible-playbook --syntax-check shows them
    for (const f of files.length ? files : ['site.yml']) io.stdout.write(`\nplaybook: ${f}\n`);
    return 0;
  }
  if (o.listHosts || o.listTasks || o.listTags) {
    const templar = new Templar();
    const req: ListingRequest = { hosts: o.listHosts === true, tasks: o.listTasks === true, tags: o.listTags === true, sel: { tags: splitList(o.tags), skipTags: splitList(o.skipTags), roles } };
    for (const [n, pb] of playbooks.entries()) {
      // the playbook as named on the command line, as ansible-playbook shows it
      io.stdout.write(`\nplaybook: ${(files.length ? files : ['site.yml'])[n] ?? pb.path}\n`);
      for (const [i, play] of pb.plays.entries()) io.stdout.write(listPlay(play, i + 1, req, () => playHosts(inventory, play, templar, extraVars, o.limit)));
    }
    return 0;
  }
  assertStartAtTaskExists(playbooks, o.startAtTask);
  warnUnmatchedPlays(playbooks, inventory, io, o.json === true);

  const render = o.render === undefined ? undefined : path.resolve(o.render);
  const offline = o.offline === true || render !== undefined;
  const planJson = o.planJson === true;
  const connection = await connectionSettings(o, config, masker, o.acceptNewHostKeys === true);
  const options: RunOptions = defaultRunOptions({
    check: o.check === true || offline || planJson,
    diff: o.diff === true || offline,
    offline,
    render,
    emitPlans: planJson,
    limit: o.limit,
    tags: splitList(o.tags),
    skipTags: splitList(o.skipTags),
    roles,
    forks,
    startAtTask: o.startAtTask,
    extraVars,
    verbosity: o.verbose ?? 0,
    forceHandlers: o.forceHandlers === true,
    acceptNewHostKeys: connection.acceptNewHostKeys,
    connectionDefaults: connection.defaults,
    gathering: config.gathering,
    factCache: openFactCache(config, inventory, o.flushCache === true),
    signal,
    unreachableHint: labDownHint(),
  });
  const events = new RunEvents();
  const done = await attachReporter(events, io, { json: o.json === true || planJson, verbosity: options.verbosity, jsonResults: o.jsonResults === true });
  if (observe) events.on('event', observe);
  const step = o.step ? stepPrompter(process.stdin, io.stderr, done) : undefined;
  options.step = step?.ask;
  try {
    const summary = await runPlaybooks({ playbooks, inventory, options, events, masker, keptConnections });
    await done();
    return summary.exitCode;
  } finally {
    step?.close();
  }
}

/** -f over the config's forks (already checked to be a whole number), else 50. */
export function forksOf(cli: string | undefined, configured: number | undefined): number {
  const forks = cli === undefined ? (configured ?? 50) : Number(cli);
  if (Number.isInteger(forks) && forks >= 1) return forks;
  const what = cli === undefined ? `forks (from the config) must be a positive integer, got ${configured}` : `-f/--forks must be a positive integer, got "${cli}"`;
  throw new OptionsError(what, { hint: 'e.g. -f 10 (the default is 50; forks in ansible.cfg, play.config.yml or ANSIBLE_FORKS)' });
}

function validateRoles(playbooks: Playbook[], roles: string[]): void {
  if (!roles.length) return;
  const known = new Set(playbooks.flatMap((pb) => pb.plays.flatMap((p) => p.roles.map((r) => r.name))));
  for (const r of roles) {
    if (!known.has(r)) throw new OptionsError(`--role ${r}: no play in the playbook uses this role`, { hint: `roles in the playbook: ${[...known].join(', ') || '(none)'}` });
  }
}

/**
 * A play whose (static) host pattern matches nothing is skipped with a warning, exit 0, as in
 * Ansible. Once a play may have changed the inventory (add_host, group_by, or an include that
 * could hold them) the later plays' hosts are known only when they start: no warning for them.
 */
function warnUnmatchedPlays(playbooks: Playbook[], inventory: Inventory, io: Io, json: boolean): void {
  for (const play of playbooks.flatMap((pb) => pb.plays)) {
    const pattern = Array.isArray(play.hosts) ? play.hosts.map(String).join(',') : String(play.hosts);
    if (!(Templar.isTemplate(pattern) || inventory.select(pattern).length > 0)) {
      cliWarning(io, json, `${formatPos(play.pos)}: Could not match supplied host pattern, ignoring: ${pattern}`);
    }
    if (mayChangeInventory([...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers])) return;
  }
}

function mayChangeInventory(items: readonly Item[]): boolean {
  return items.some((i) =>
    i.kind === 'task' ? i.action === 'add_host' || i.action === 'group_by' : i.kind === 'block' ? mayChangeInventory([...i.block, ...i.rescue, ...i.always]) : true,
  );
}
