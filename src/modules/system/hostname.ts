/**
 * hostname: set the system's host name, now (hostname / hostnamectl) and for the next boot
 * (/etc/hostname), and report the new names as facts as Ansible's does.
 */
import { z } from 'zod';
import { sh } from '../../connection/command.js';
import { hostNames } from '../../facts/system-names.js';
import { factKey } from '../../facts/types.js';
import { astr } from '../schema.js';
import { defineModule, type Change } from '../types.js';

const args = z.strictObject({
  name: astr().pipe(z.string().min(1, 'name must not be empty')),
  use: z.enum(['systemd', 'generic', 'debian', 'redhat']).optional(),
});

export const hostname = defineModule({
  name: 'hostname',
  description: 'Manage the hostname',
  args,
  async plan(a, ctx) {
    const { running, permanent } = await ctx.fact(hostNames, {});
    const short = a.name.split('.')[0] ?? a.name;
    const facts = { ansible_hostname: short, ansible_nodename: a.name, ansible_fqdn: a.name, ansible_domain: a.name.split('.').slice(1).join('.') };
    const changes: Change[] = [];
    if (running !== a.name || permanent !== a.name) {
      const systemd = a.use === 'systemd' ? sh`true` : a.use === undefined ? sh`[ -d /run/systemd/system ] && command -v hostnamectl >/dev/null 2>&1` : sh`false`;
      changes.push({
        describe: `set hostname ${a.name}`,
        apply: { kind: 'exec', command: sh`n=${a.name}; if `.concat(systemd).concat(sh`; then hostnamectl set-hostname "$n"; else hostname "$n" && printf '%s\\n' "$n" > /etc/hostname; fi`) },
        effects: [{ kind: 'fact', key: factKey(hostNames, {}), value: { running: a.name, permanent: a.name } }],
      });
    }
    return { changes, result: { name: a.name, ansible_facts: facts } };
  },
});
