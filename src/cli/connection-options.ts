import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { OptionsError } from '../errors.js';
import type { ProjectConfig } from '../project/config.js';
import type { Masker } from '../secrets/mask.js';
import { promptLine } from '../vault/prompt.js';

/** ansible-playbook's connection and privilege-escalation options, shared by run, exec and verify. */
export interface ConnectionCliOptions {
  user?: string;
  connection?: string;
  askPass?: boolean;
  connectionPasswordFile?: string;
  timeout?: string;
  privateKey?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  askBecomePass?: boolean;
  becomePasswordFile?: string;
}

export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('-u, --user <user>', 'connect as this user (an inventory ansible_user overrides it)')
    .option('-c, --connection <type>', 'connection type (ssh, local): below ansible_connection')
    .option('-k, --ask-pass', 'ask for the connection (SSH) password')
    .option('--connection-password-file <file>', 'the connection password, from a file (or an executable that prints it)')
    .option('-T, --timeout <seconds>', 'connection timeout in seconds')
    .option('--private-key <file>', 'the SSH private key file')
    .option('--ssh-common-args <args>', 'SSH options for every connection (e.g. -o ProxyJump=…)')
    .option('--ssh-extra-args <args>', 'extra SSH options')
    .option('-b, --become', 'run with privilege escalation (a play\'s become: overrides it)')
    .option('--become-user <user>', 'become this user (default root)')
    .addOption(new Option('--become-method <method>', 'privilege escalation method').choices(['sudo', 'su']))
    .option('-K, --ask-become-pass', 'ask for the privilege escalation password')
    .option('--become-password-file <file>', 'the privilege escalation password, from a file (or an executable that prints it)');
}

export interface ConnectionSettings {
  /** Ansible's connection variables, as the lowest-precedence defaults of every host. */
  defaults: Record<string, unknown>;
  acceptNewHostKeys: boolean;
}

/**
 * The command line over the config (ansible.cfg, play.config.yml, ANSIBLE_*) as connection
 * defaults: each becomes the Ansible variable it stands for, which an inventory, play or task
 * variable still overrides (as a command-line -u is overridden by ansible_user in Ansible).
 */
export async function connectionSettings(o: ConnectionCliOptions, config: ProjectConfig, masker: Masker, acceptNewHostKeys: boolean): Promise<ConnectionSettings> {
  const timeout = o.timeout === undefined ? config.timeout : Number(o.timeout);
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) throw new OptionsError(`-T/--timeout must be a positive number of seconds, got "${o.timeout}"`, { hint: 'e.g. -T 30' });
  const defaults: Record<string, unknown> = {
    ansible_user: o.user ?? config.remoteUser,
    play_default_connection: o.connection,
    ansible_private_key_file: o.privateKey ?? config.privateKeyFile,
    ansible_timeout: timeout,
    ansible_ssh_common_args: usableSshArgs('--ssh-common-args', o.sshCommonArgs),
    ansible_ssh_extra_args: usableSshArgs('--ssh-extra-args', o.sshExtraArgs),
    ansible_password: await password('connection', o.askPass === true, o.connectionPasswordFile),
    ansible_become: o.become === true ? true : config.become,
    ansible_become_user: o.becomeUser ?? config.becomeUser,
    ansible_become_method: o.becomeMethod ?? config.becomeMethod,
    ansible_become_password: await password('become', o.askBecomePass === true || (config.becomeAskPass === true && o.becomePasswordFile === undefined), o.becomePasswordFile),
  };
  for (const [k, v] of Object.entries(defaults)) if (v === undefined) delete defaults[k];
  masker.add(defaults.ansible_password as string | undefined);
  masker.add(defaults.ansible_become_password as string | undefined);
  return { defaults, acceptNewHostKeys: acceptNewHostKeys || config.hostKeyChecking === false };
}

/**
 * play's SSH client is no `ssh` binary: of ssh's options it reads ProxyJump and
 * UserKnownHostsFile (and StrictHostKeyChecking=yes, its only way); any other is refused
 * rather than passed to nothing.
 */
function usableSshArgs(flag: string, args: string | undefined): string | undefined {
  if (args === undefined) return undefined;
  const words = args.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const opt = w === '-o' ? words[++i] : w.startsWith('-o') ? w.slice(2) : undefined;
    const [key = '', value = ''] = (opt ?? '').split(/=(.*)/);
    const ok = /^(ProxyJump|UserKnownHostsFile)$/i.test(key) || (/^StrictHostKeyChecking$/i.test(key) && value === 'yes');
    if (opt === undefined || !ok) {
      throw new OptionsError(`${flag}: play's SSH client does not use "${opt === undefined ? w : `-o ${opt}`}"`, {
        hint: 'it reads -o ProxyJump=… and -o UserKnownHostsFile=… (host keys are always checked); leave other ssh options out',
      });
    }
  }
  return args;
}

async function password(kind: 'connection' | 'become', ask: boolean, file: string | undefined): Promise<string | undefined> {
  const flags = kind === 'connection' ? ['-k/--ask-pass', '--connection-password-file'] : ['-K/--ask-become-pass', '--become-password-file'];
  if (ask && file !== undefined) throw new OptionsError(`${flags[0]} and ${flags[1]} cannot be used together`, { hint: 'give the password one way' });
  if (file !== undefined) return readPasswordFile(file, flags[1] as string);
  if (ask) return promptLine(kind === 'connection' ? 'SSH password: ' : 'BECOME password: ');
  return undefined;
}

/** As Ansible: the file's first line, or what it prints when it is executable. */
function readPasswordFile(file: string, flag: string): string {
  try {
    const executable = (statSync(file).mode & 0o111) !== 0;
    const raw = executable ? execFileSync(file, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }) : readFileSync(file, 'utf8');
    return raw.replace(/[\r\n]+$/, '');
  } catch (err) {
    throw new OptionsError(`${flag} ${file}: ${(err as Error).message}`, { hint: 'give a readable file holding the password' });
  }
}
