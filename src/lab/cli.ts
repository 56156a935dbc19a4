import type { Command } from 'commander';
import { ExitCode, OptionsError } from '../errors.js';
import type { HostStatus } from './lab.js';

/** Loaded when a lab command runs: `play run` never pays for the lab's code. */
const lab = () => import('./index.js');
const spa303 = () => import('../spa303/service.js');
const classroom = () => import('./classroom-lab.js');
const classroomModel = () => import('./classroom.js');

/**
 * `play lab up|status|down|reset`. Errors are thrown as PlayError for the CLI's error boundary;
 * progress goes to stderr so stdout stays the result (the status table, or JSON).
 */
export function registerLabCommand(program: Command): Command {
  const cmd = program.command('lab').description('a local lab of namespace hosts (needs root)');
  const progress = (quiet: boolean | undefined) => (step: string): void => {
    if (!quiet) process.stderr.write(`[lab] ${step}\n`);
  };

  cmd
    .command('up')
    .description('build the base image if needed and start every lab host (idempotent)')
    .option('--mirror <url>', 'Debian archive for the base image (default: the one apt uses here)')
    .option('--libvirt', 'start virtlogd and libvirtd on the kvm host at boot')
    .option('--benches [n]', 'the classroom instead: N student benches (default 2) in their own lab root; writes --inventory')
    .option('--inventory <file>', 'with --benches: the classroom inventory written (default inventory/classroom.yml)')
    .option('-q, --quiet', 'no progress output')
    .action(async (o: { mirror?: string; libvirt?: boolean; quiet?: boolean; benches?: string | true; inventory?: string }) => {
      if (o.benches !== undefined) return classroomUpAction(o, progress(o.quiet));
      if (o.inventory !== undefined) throw new OptionsError('--inventory is for the classroom only (with --benches)');
      const { labUp, labPaths } = await lab();
      const { spa303LabService } = await spa303();
      const statuses = await labUp({
        services: [spa303LabService(labPaths())],
        ...(o.mirror ? { mirror: o.mirror } : {}),
        startLibvirt: o.libvirt === true,
        onProgress: progress(o.quiet),
      });
      printStatus(statuses);
      const paths = labPaths();
      process.stdout.write(`\nssh -i ${paths.privateKey} -o UserKnownHostsFile=${paths.knownHosts} root@ADDRESS\n`);
      if (!statuses.every((s) => s.up)) process.exitCode = ExitCode.error;
    });

  cmd
    .command('status')
    .description('show each lab host and whether it is up (exit 0 only if all are)')
    .option('--json', 'print JSON')
    .option('--benches [n]', 'the classroom instead: its running hosts and phones (with N: every host of N benches)')
    .action(async (o: { json?: boolean; benches?: string | true }) => {
      const { labStatus, labBaseInfo, formatBaseInfo } = await lab();
      const statuses =
        o.benches === undefined ? await labStatus()
        : await (await classroom()).classroomStatus(o.benches === true ? undefined : (await classroomModel()).parseBenchCount(o.benches));
      const base = await labBaseInfo();
      if (o.json) process.stdout.write(`${JSON.stringify({ hosts: statuses, base: base ?? null }, null, 2)}\n`);
      else {
        printStatus(statuses);
        process.stdout.write(`\n${base ? formatBaseInfo(base) : 'base image: not built yet (play lab up builds it)'}\n`);
      }
      if (!statuses.every((s) => s.up)) process.exitCode = ExitCode.error;
    });

  cmd
    .command('down')
    .description('stop lab hosts (all by default); their layers are kept')
    .argument('[hosts...]', 'hosts to stop')
    .option('--benches', 'the classroom instead: stop every bench host and phone')
    .option('--discard', 'with --benches: also delete the benches\' layers and phone state')
    .option('-q, --quiet', 'no progress output')
    .action(async (names: string[], o: { quiet?: boolean; benches?: boolean; discard?: boolean }) => {
      if (o.benches) {
        if (names.length) throw new OptionsError('lab down --benches stops the whole classroom: give no host names');
        await (await classroom()).classroomDown({ discard: o.discard === true, onProgress: progress(o.quiet) });
        return;
      }
      if (o.discard) throw new OptionsError('--discard is for the classroom only (with --benches); `play lab reset` discards default lab hosts');
      await (await lab()).labDown({ ...(names.length ? { names } : {}), onProgress: progress(o.quiet) });
    });

  cmd
    .command('reset')
    .description('stop lab hosts (all by default, the phone too) and discard their changes; the base is kept')
    .argument('[hosts...]', 'hosts to reset (spa303: the phone, back to its factory state)')
    .option('-q, --quiet', 'no progress output')
    .action(async (names: string[], o: { quiet?: boolean }) => {
      const { labReset, labPaths } = await lab();
      const { spa303LabService } = await spa303();
      await labReset({ names, services: [spa303LabService(labPaths())], onProgress: progress(o.quiet) });
    });

  return cmd;
}

async function classroomUpAction(o: { libvirt?: boolean; benches?: string | true; inventory?: string }, onProgress: (s: string) => void): Promise<void> {
  const { parseBenchCount, CLASSROOM_INVENTORY, classroomPaths } = await classroomModel();
  const n = parseBenchCount(o.benches === true ? undefined : o.benches);
  const inventory = o.inventory ?? CLASSROOM_INVENTORY;
  const { statuses, inventoryWritten } = await (await classroom()).classroomUp({ benches: n, inventory, startLibvirt: o.libvirt === true, onProgress });
  printStatus(statuses);
  const paths = classroomPaths();
  process.stdout.write(`\n${n} bench${n === 1 ? '' : 'es'}: ${inventory} ${inventoryWritten ? 'written' : 'already up to date'}\n`);
  process.stdout.write(`ssh -i ${paths.privateKey} -o UserKnownHostsFile=${paths.knownHosts} root@ADDRESS\n`);
  if (!statuses.every((s) => s.up)) process.exitCode = ExitCode.error;
}

export function formatStatus(statuses: readonly HostStatus[]): string {
  const width = Math.max(4, ...statuses.map((s) => s.name.length));
  const virt = (s: HostStatus): string => (s.kvm === undefined || !s.up ? '' : s.kvm ? '  KVM' : '  no KVM: guests emulated');
  const rows = statuses.map((s) => `${s.name.padEnd(width)}  ${s.address.padEnd(15)}  ${s.up ? 'up' : 'down'}${virt(s)}`);
  return `${'HOST'.padEnd(width)}  ${'ADDRESS'.padEnd(15)}  STATE\n${rows.join('\n')}\n`;
}

function printStatus(statuses: readonly HostStatus[]): void {
  process.stdout.write(formatStatus(statuses));
}
