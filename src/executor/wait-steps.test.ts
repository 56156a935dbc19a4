import { describe, expect, it } from 'vitest';
import type { ShellCommand } from '../connection/command.js';
import type { Connection, ExecResult } from '../connection/types.js';
import { ModuleError, UnreachableError } from '../errors.js';
import type { ControllerStep } from '../modules/types.js';
import { reboot } from './wait-steps.js';

type RebootStep = Extract<ControllerStep, { name: 'reboot' }>;
const step: RebootStep = {
  name: 'reboot',
  rebootCommand: 'shutdown -r +0 go',
  bootTimeCommand: 'cat /proc/sys/kernel/random/boot_id',
  testCommand: 'whoami',
  preDelayS: 0,
  postDelayS: 0,
  timeoutS: 600,
  connectTimeoutS: 10,
};

/**
 * A host that reboots when told: each command is answered by `answer` from what the host is now
 * (its boot id); the commands are kept in order.
 */
class Host implements Connection {
  readonly kind = 'ssh';
  readonly label = 'root@host';
  readonly sent: string[] = [];
  constructor(private readonly answer: (command: string, host: Host) => Partial<ExecResult> | Error) {}
  bootId = 'boot-1';
  async exec(command: ShellCommand): Promise<ExecResult> {
    const text = command.render();
    this.sent.push(text);
    const a = this.answer(text, this);
    if (a instanceof Error) throw a;
    const stdout = a.stdout ?? '';
    return { rc: a.rc ?? 0, stdout, stderr: a.stderr ?? '', stdoutBytes: Buffer.from(stdout) };
  }
  async put(): Promise<void> {}
  async get(): Promise<Buffer> {
    return Buffer.from('');
  }
  async close(): Promise<void> {}
}

/** An ordinary Linux host: the reboot command cuts its session (or not), the next boot id is new. */
const linux = (cut: boolean) => (command: string, host: Host): Partial<ExecResult> | Error => {
  if (command.startsWith('cat ')) return { stdout: `${host.bootId}\n` };
  if (command.startsWith('shutdown')) {
    host.bootId = 'boot-2';
    return cut ? new UnreachableError('root@host: connection lost (connection closed)') : {};
  }
  if (command === 'whoami') return { stdout: 'root\n' };
  return { rc: 127, stderr: 'unexpected' };
};

const env = (connection: Connection) => ({ connection, become: undefined, env: undefined, timeoutMs: undefined });

async function failure(p: Promise<unknown>): Promise<ModuleError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModuleError);
  return err as ModuleError;
}

describe('the reboot step', () => {
  it('reads the boot id, reboots, sees a new boot id, runs the test command', async () => {
    const host = new Host(linux(false));
    const result = await reboot(step, env(host));
    expect(result).toMatchObject({ rebooted: true, changed: true });
    expect(typeof result.elapsed).toBe('number');
    expect(host.sent).toEqual([step.bootTimeCommand, step.rebootCommand, step.bootTimeCommand, 'whoami']);
  });

  it('counts a session cut by the reboot as success, as Ansible does', async () => {
    expect(await reboot(step, env(new Host(linux(true))))).toMatchObject({ rebooted: true, changed: true });
  });

  it("fails with Ansible's message when the reboot command fails", async () => {
    const host = new Host((c, h) => (c.startsWith('shutdown') ? { rc: 1, stdout: 'out', stderr: 'denied' } : linux(false)(c, h)));
    const err = await failure(reboot(step, env(host)));
    expect(err.message).toBe("Reboot command failed. Error was: 'out, denied'");
    expect(err.result).toMatchObject({ changed: false, rebooted: false, elapsed: 0 });
  });

  it("times out with Ansible's message when the boot id never changes", async () => {
    const host = new Host((c, h) => (c === 'true' ? {} : linux(false)(c, h)));
    const err = await failure(reboot({ ...step, rebootCommand: 'true', timeoutS: 0 }, env(host)));
    expect(err.message).toBe('Timed out waiting for last boot time check (timeout=0)');
    expect(err.result).toMatchObject({ changed: false, rebooted: true, elapsed: 0 });
  });

  it('waits for the test command too', async () => {
    const host = new Host((c, h) => (c === 'false' ? { rc: 1 } : linux(false)(c, h)));
    const err = await failure(reboot({ ...step, testCommand: 'false', timeoutS: 1 }, env(host)));
    expect(err.message).toBe('Timed out waiting for post-reboot test command (timeout=1)');
    expect(err.result).toMatchObject({ rebooted: true });
    expect(host.sent.filter((c) => c === 'false').length).toBeGreaterThan(0);
  });

  it('takes a host whose boot id is unreadable for one that is not back yet', async () => {
    let reads = 0;
    const host = new Host((c, h) => (c.startsWith('cat ') && h.bootId === 'boot-2' && reads++ === 0 ? { rc: 1, stderr: 'booting' } : linux(false)(c, h)));
    expect(await reboot(step, env(host))).toMatchObject({ rebooted: true });
    expect(host.sent.filter((c) => c.startsWith('cat ')).length).toBe(3);
  });
});
