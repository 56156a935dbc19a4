import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { registerLabCommand } from '../lab/cli.js';
import { registerLabBreak } from './commands/lab-break.js';
import { addVaultPasswordOptions, registerVaultCommand } from '../vault/cli.js';
import { processVaultIo } from '../vault/io.js';
import { processIo } from './reporters.js';
import { addConnectionOptions } from './connection-options.js';
import { registerCompletion } from './completion-command.js';

/** The `play` command line: its commands and options (./index.ts runs it). */
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
const increase = (_v: string, prev = 0): number => prev + 1;

export function program(signal: AbortSignal): Command {
  const p = new Command('play')
    .description('Ansible-compatible playbook runner: no Python on targets, exact check mode, fast')
    .version(pkg.version, '--version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const run = p
    .command('run')
    .description('run playbooks (default: site.yml)')
    .argument('[playbooks...]', 'playbook files')
    .option('-i, --inventory <path>', 'inventory file, directory or host list (repeatable)', collect)
    .option('-l, --limit <pattern>', 'further limit the hosts (host pattern or @file)')
    .option('-t, --tags <tags>', 'only tasks with these tags (repeatable, comma lists)', collect)
    .option('--skip-tags <tags>', 'skip tasks with these tags', collect)
    .option('--role <name>', 'only these roles’ tasks, plus their dependencies (repeatable)', collect)
    .option('-C, --check', 'predict changes without making them')
    .option('-D, --diff', 'show unified diffs of what changes')
    .option('-e, --extra-vars <vars>', 'key=value, JSON/YAML, or @file (repeatable)', collect)
    .option('-f, --forks <n>', 'hosts worked on at once (default 50)')
    .option('--start-at-task <name>', 'start at the task with this name')
    .option('--step', 'confirm each task before running it')
    .option('--list-hosts', 'list matching hosts, run nothing')
    .option('--list-tasks', 'list tasks, run nothing')
    .option('--list-tags', 'list the tags of the tasks that would run, run nothing')
    .option('--flush-cache', "forget the cached facts of the inventory's hosts first (fact_caching = jsonfile)")
    .option('--syntax-check', 'load and validate everything, run nothing')
    .option('--json', 'JSON Lines on stdout (one result per line, then the recap)')
    .option('--accept-new-host-keys', 'record keys of hosts with no known key (a changed key or a new key type still fails)')
    .option('--force-handlers', 'run notified handlers even on failed hosts')
    .option('--offline', 'connect to nothing: plan every host as a fresh one, facts from play_offline_facts (implies --check --diff)')
    .option('--render <dir>', 'as --offline, and write every file tasks would leave on a host to DIR/<host>/<path>, whole and unmasked')
    .option('--plan-json', 'JSON Lines on stdout with each task\'s plan per host as data, then results and the recap (implies --check)')
    .option('--no-record', 'do not record this run in the project history (.play/history.sqlite)')
    .addOption(new Option('-v, --verbose', 'more output (repeat: -vv, -vvv)').argParser(increase))
    .action(async (files: string[], o) => {
      const { runCommand } = await import('./commands/run.js');
      const listing = o.listHosts || o.listTasks || o.syntaxCheck;
      if (o.record === false || listing) {
        process.exitCode = await runCommand(files, o, processIo, signal);
        return;
      }
      const { recorded } = await import('./record.js');
      const check = Boolean(o.check || o.offline || o.render || o.planJson);
      process.exitCode = await recorded('run', check, (observe) => runCommand(files, o, processIo, signal, observe), processIo);
    });
  addVaultPasswordOptions(run);
  addConnectionOptions(run);

  const verify = p
    .command('verify')
    .description("run the roles' tests/verify.yml playbooks (all of site.yml's roles, or --role)")
    .option('-i, --inventory <path>', 'inventory (repeatable)', collect)
    .option('-l, --limit <pattern>', 'further limit the hosts')
    .option('--role <name>', 'only these roles (repeatable, comma lists)', collect)
    .option('--playbook <file>', 'the playbook whose roles are verified, in its order', 'site.yml')
    .option('-e, --extra-vars <vars>', 'extra variables (repeatable)', collect)
    .option('-f, --forks <n>', 'hosts worked on at once')
    .option('--json', 'JSON Lines on stdout')
    .option('--accept-new-host-keys', 'record unknown SSH host keys')
    .addOption(new Option('-v, --verbose', 'more output').argParser(increase))
    .option('--no-record', 'do not record this run in the project history')
    .action(async (o) => {
      const { verifyCommand } = await import('./commands/verify.js');
      if (o.record === false) {
        process.exitCode = await verifyCommand(o, processIo, signal);
        return;
      }
      const { recorded } = await import('./record.js');
      process.exitCode = await recorded('verify', false, (observe) => verifyCommand(o, processIo, signal, observe), processIo);
    });
  addVaultPasswordOptions(verify);
  addConnectionOptions(verify);

  const test = p
    .command('test')
    .description("Molecule's loop on fresh lab hosts: create → prepare → converge → converge again (changed=0) → verify → destroy")
    .argument('[role]', 'the role to test')
    .option('--all', 'every role of site.yml, on one fresh host set')
    .option('-i, --inventory <path>', 'the inventory to copy (default: the project one)', collect)
    .option('--keep', 'keep the fresh hosts and their inventory (destroy later with play lab reset)')
    .action(async (role: string | undefined, o) => {
      const { testCommand } = await import('./commands/test.js');
      process.exitCode = await testCommand(role, o, processIo);
    });
  addVaultPasswordOptions(test);

  const exec = p
    .command('exec')
    .description('run one module on hosts (ad-hoc, like the ansible command)')
    .argument('<pattern>', 'host pattern')
    .option('-i, --inventory <path>', 'inventory (repeatable)', collect)
    .option('-m, --module <name>', 'module name', 'command')
    .option('-a, --args <args>', 'module arguments (k=v or free form)')
    .option('-l, --limit <pattern>', 'further limit the hosts')
    .option('-C, --check', 'predict changes without making them')
    .option('-D, --diff', 'show unified diffs')
    .option('-e, --extra-vars <vars>', 'extra variables (repeatable)', collect)
    .option('-f, --forks <n>', 'hosts worked on at once')
    .option('--json', 'JSON Lines on stdout')
    .option('--accept-new-host-keys', 'record unknown SSH host keys')
    .addOption(new Option('-v, --verbose', 'more output').argParser(increase))
    .action(async (pattern: string, o) => {
      const { execCommand } = await import('./commands/exec.js');
      process.exitCode = await execCommand(pattern, o, processIo, signal);
    });
  addVaultPasswordOptions(exec);
  addConnectionOptions(exec);

  const inventory = p
    .command('inventory')
    .description('show the inventory as Ansible does (--list JSON or --graph)')
    .option('-i, --inventory <path>', 'inventory (repeatable)', collect)
    .option('--list', 'JSON with _meta.hostvars')
    .option('--graph', 'group tree')
    .action(async (o) => {
      const { inventoryCommand } = await import('./commands/inventory.js');
      process.exitCode = await inventoryCommand(o, processIo);
    });
  addVaultPasswordOptions(inventory);

  p.command('doc')
    .description("modules' documentation, like ansible-doc: arguments, check/diff, examples, return values")
    .argument('[modules...]', 'module names')
    .option('-l, --list', 'list the modules')
    .action(async (names: string[], o) => {
      const { docCommand } = await import('./commands/doc.js');
      process.exitCode = docCommand(names, o, processIo);
    });

  registerLabBreak(registerLabCommand(p));
  registerCompletion(p);
  registerVaultCommand(p, processVaultIo, {
    configPasswordFile: async () => (await (await import('../project/config.js')).loadConfig()).vaultPasswordFile,
  });

  p.command('history')
    .description('recorded runs of this project, newest first (.play/history.sqlite)')
    .option('--host <name>', 'only runs with results on this host')
    .option('--role <name>', 'only runs with results of this role')
    .option('--changed', 'only runs that changed something (on the host / role, when given)')
    .option('--failed', 'only runs that failed or had a failed or unreachable result')
    .option('--last <n>', 'at most this many runs (default 50)')
    .option('--db <file>', 'the history database (default .play/history.sqlite of the project)')
    .action(async (o) => {
      const { historyCommand } = await import('./commands/history.js');
      process.exitCode = await historyCommand(o, processIo);
    });

  p.command('serve')
    .description("the lab dashboard: drift per host × role, live runs, history, one-click repair")
    .option('-i, --inventory <path>', 'inventory (repeatable; default: the project one)', collect)
    .option('--playbook <file>', 'the playbook whose roles make the grid', 'site.yml')
    .option('--port <n>', 'TCP port', '8740')
    .option('--bind <address>', 'address to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a --bind address that is not loopback (prints a warning)')
    .option('--db <file>', 'the history database (default .play/history.sqlite of the project)')
    .option('--drift-every <duration>', 'scan for drift on a schedule, e.g. 15m')
    .action(async (o) => {
      const { serveCommand } = await import('../serve/command.js');
      process.exitCode = await serveCommand(o, processIo);
    });
  return p;
}
