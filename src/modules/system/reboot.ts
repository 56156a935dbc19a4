/**
 * reboot: restart the target and wait for it to come back (a new boot id, then the test
 * command). Refused on the local connection: that would restart the controller running play.
 */
import { z } from 'zod';
import { quote } from '../../connection/command.js';
import { ModuleError } from '../../errors.js';
import { aint, astr } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({
  pre_reboot_delay: aint().default(0),
  post_reboot_delay: aint().default(0),
  reboot_timeout: aint().default(600),
  connect_timeout: aint().default(10),
  test_command: astr().default('whoami'),
  msg: astr().default('Reboot initiated by Ansible'),
  boot_time_command: astr().default('cat /proc/sys/kernel/random/boot_id'),
  reboot_command: astr().optional(),
});

export const reboot = defineModule({
  name: 'reboot',
  description: 'Reboot a machine and wait for it to come back',
  checkMode: 'not run: reported as changed',
  args,
  async plan(a, ctx) {
    if (String(ctx.host.vars.ansible_connection ?? '') === 'local') {
      throw new ModuleError('reboot refuses the local connection: it would restart the controller that runs play', { rebooted: false, elapsed: 0 }, { hint: 'reboot remote hosts over ssh' });
    }
    // shutdown takes minutes (+N); a message goes to logged-in users, as Ansible's does
    const delayMin = Math.floor(a.pre_reboot_delay / 60);
    const rebootCommand = a.reboot_command ?? `shutdown -r +${delayMin} ${quote(a.msg)} || reboot`;
    return {
      changes: [
        {
          describe: 'reboot and wait for the host',
          apply: {
            kind: 'controller',
            step: { name: 'reboot', rebootCommand, bootTimeCommand: a.boot_time_command, testCommand: a.test_command, preDelayS: a.pre_reboot_delay % 60, postDelayS: a.post_reboot_delay, timeoutS: a.reboot_timeout, connectTimeoutS: a.connect_timeout },
          },
        },
      ],
      // what check mode reports, as Ansible's (a real run replaces elapsed)
      result: { rebooted: true, elapsed: 0 },
    };
  },
});
