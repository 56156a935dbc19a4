import path from 'node:path';
import { OptionsError } from '../errors.js';
import type { KeptConnections } from '../executor/connections.js';
import type { Io } from '../cli/reporters.js';
import { runCommand } from '../cli/commands/run.js';
import { verifyCommand } from '../cli/commands/verify.js';
import type { ServedProject } from './fleet.js';
import type { JobSpec } from './jobs.js';

/** The dashboard's runs print nothing: their events go to the history and the Run page. */
const silent: Io = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false };

const quoteArg = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);

/** The three actions, as the same commands a person would type (and that is what is recorded). */
export class Actions {
  constructor(
    private readonly project: ServedProject,
    private readonly kept: KeptConnections,
  ) {}

  private get inventoryArgs(): string[] {
    return (this.project.inventoryArgs ?? []).flatMap((i) => ['-i', i]);
  }

  private get allHosts(): string[] {
    return [...this.project.roles.keys()];
  }

  /** The playbook as a person in the project would name it. */
  private get shownPlaybook(): string {
    return path.relative(this.project.dir, this.project.playbook) || this.project.playbook;
  }

  private commandLine(args: string[]): string {
    return ['play', ...args, ...this.inventoryArgs].map(quoteArg).join(' ');
  }

  /** "Scan drift": check mode with diffs over the whole inventory. */
  scan(): JobSpec {
    const { playbook, inventoryArgs } = this.project;
    return {
      kind: 'scan',
      check: true,
      hosts: this.allHosts,
      command: this.commandLine(['run', this.shownPlaybook, '--check', '--diff']),
      work: (signal, observe) => runCommand([playbook], { inventory: inventoryArgs, check: true, diff: true }, silent, signal, observe, this.kept),
    };
  }

  /** "Repair" a cell: apply that role on that host. */
  repair(host: string, role: string): JobSpec {
    this.assertCell(host, role);
    const { playbook, inventoryArgs } = this.project;
    return {
      kind: 'repair',
      check: false,
      hosts: [host],
      command: this.commandLine(['run', this.shownPlaybook, '--role', role, '--limit', host]),
      work: (signal, observe) => runCommand([playbook], { inventory: inventoryArgs, role: [role], limit: host }, silent, signal, observe, this.kept),
    };
  }

  /** "Verify": the roles' tests/verify.yml playbooks, on one host or all. */
  verify(host: string | undefined): JobSpec {
    if (host !== undefined) this.assertHost(host);
    const { playbook, inventoryArgs } = this.project;
    const limit = host === undefined ? [] : ['--limit', host];
    return {
      kind: 'verify',
      check: false,
      hosts: host === undefined ? this.allHosts : [host],
      command: this.commandLine(['verify', '--playbook', this.shownPlaybook, ...limit]),
      work: (signal, observe) => verifyCommand({ inventory: inventoryArgs, playbook, limit: host }, silent, signal, observe, this.kept),
    };
  }

  private assertHost(host: string): void {
    if (!this.project.roles.has(host)) throw new OptionsError(`unknown host "${host}"`, { hint: `hosts: ${this.allHosts.join(', ')}` });
  }

  private assertCell(host: string, role: string): void {
    this.assertHost(host);
    const roles = this.project.roles.get(host) ?? [];
    if (!roles.includes(role)) throw new OptionsError(`host ${host} has no role "${role}"`, { hint: `its roles: ${roles.join(', ')}` });
  }
}
