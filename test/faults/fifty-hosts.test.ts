import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { Project } from '../support/project.js';
import { faultHost, faultInventory, faultReset, faultUp } from './fault-hosts.js';

/**
 * 50 hosts, one of them unreachable (nothing listens on its address): the 49 others converge,
 * exit 4, and a second run changes nothing on them. The run time is printed for docs/reliability.md.
 */
const all = Array.from({ length: 50 }, (_, i) => faultHost(i + 1));
const up = all.slice(0, 49);
const dead = all[49] as (typeof all)[number];

const PLAYBOOK = `
- hosts: faults
  tasks:
    - name: a file
      copy: { dest: /root/fifty.conf, content: "host={{ inventory_hostname }} os={{ ansible_distribution | default('?') }}\\n" }
    - name: a line in it
      lineinfile: { path: /root/fifty.lines, line: "address={{ ansible_host }}", create: true }
    - name: a command
      command: cat /root/fifty.conf /root/fifty.lines
      changed_when: false
`;

describe.runIf(labTestsEnabled)('50 hosts with one unreachable', () => {
  let project: Project;
  beforeAll(async () => {
    await faultReset(all);
    const started = Date.now();
    await faultUp(up);
    process.stderr.write(`[faults] 49 hosts up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    project = await Project.create({ 'site.yml': PLAYBOOK, 'hosts.ini': faultInventory(all) });
  }, 900_000);
  afterAll(async () => {
    await project?.remove();
    await faultReset(all);
  }, 300_000);

  it('49 converge, the dead one is unreachable, exit 4; a rerun changes nothing', async () => {
    let started = Date.now();
    const first = await project.run({ inventory: [project.path('hosts.ini')] });
    const firstS = (Date.now() - started) / 1000;
    expect(first.code).toBe(4);
    expect(first.recap[dead.name]).toMatchObject({ unreachable: 1, ok: 0 });
    for (const h of up) expect(first.recap[h.name], h.name).toMatchObject({ ok: 4, changed: 2, unreachable: 0, failed: 0 });
    const sample = up[48] as (typeof up)[number];
    expect((await sshRun(sample.address, 'cat /root/fifty.conf /root/fifty.lines')).stdout).toBe(`host=${sample.name} os=Debian\naddress=${sample.address}\n`);

    started = Date.now();
    const second = await project.run({ inventory: [project.path('hosts.ini')] });
    const secondS = (Date.now() - started) / 1000;
    expect(second.code).toBe(4);
    for (const h of up) expect(second.recap[h.name], h.name).toMatchObject({ ok: 4, changed: 0, unreachable: 0, failed: 0 });
    process.stderr.write(`[faults] 50 hosts (1 unreachable): first run ${firstS.toFixed(1)} s, rerun ${secondS.toFixed(1)} s\n`);
  }, 600_000);
});
