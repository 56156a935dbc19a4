import { afterEach, describe, expect, it } from 'vitest';
import { Project } from '../support/project.js';
import { startTestPhone, type TestPhone } from './support.js';

/**
 * spa_phone through the real executor and CLI: an `ansible_connection: http` host, check mode
 * predicting exactly, a real run, and a rerun with nothing to do — secrets never in the output.
 * Runs once the module is in the registry (src/modules/builtin.ts lists it).
 */

const SIP_SECRET = 'sip-s3cret-7002';
const ADMIN = 'adm1n-pw-xyz';

const PLAYBOOK = `
- hosts: phones
  gather_facts: false
  vars:
    sip_secret: ${SIP_SECRET}
  tasks:
    - name: line 1 registers to the kvm host
      spa_phone:
        port: "{{ spa_port }}"
        admin_password: ${ADMIN}
        params:
          Line_Enable_1_: yes
          Share_Ext_1_: no
          Subscription_Expires_1_: 3600
          NAT_Mapping_Enable_1_: no
          NAT_Keep_Alive_Msg_1_: $NOTIFY
          Proxy_1_: 127.0.10.153
          User_ID_1_: "7002"
          Display_Name_1_: "7002"
          Password_1_: "{{ sip_secret }}"
        timeout: 20
    - name: the same again sees it done
      spa_phone:
        port: "{{ spa_port }}"
        admin_password: ${ADMIN}
        params:
          Proxy_1_: 127.0.10.153
          User_ID_1_: "7002"
`;

let project: Project | undefined;
let phone: TestPhone | undefined;
afterEach(async () => {
  await project?.remove();
  await phone?.stop();
  project = undefined;
  phone = undefined;
});

describe('spa_phone in a playbook', () => {
  it('check, apply, rerun on an http host', async () => {
    phone = await startTestPhone({ adminPassword: ADMIN, resyncDelayMs: 30, rebootMs: 300 });
    project = await Project.create({
      'hosts.ini': `[phones]\nphone ansible_connection=http ansible_host=127.0.0.1 spa_port=${phone.port}\n`,
      'site.yml': PLAYBOOK,
    });
    const statuses = (out: Awaited<ReturnType<Project['run']>>): string[] => out.results.map((r) => `${r.task}: ${r.status}`);

    const check = await project.run({ check: true, diff: true });
    expect(check.stderr).toBe('');
    expect(statuses(check)).toEqual(['line 1 registers to the kvm host: changed', 'the same again sees it done: ok']);
    expect(check.results[0]?.diff?.[0]?.after).toContain('Proxy_1_ = 127.0.10.153');
    expect(phone.emu.device.snapshot().Proxy_1_).toBe('');

    const apply = await project.run({ diff: true });
    expect(apply.code).toBe(0);
    expect(statuses(apply)).toEqual(['line 1 registers to the kvm host: changed', 'the same again sees it done: ok']);
    expect(phone.emu.device.snapshot()).toMatchObject({ Proxy_1_: '127.0.10.153', User_ID_1_: '7002', Password_1_: SIP_SECRET });

    const rerun = await project.run({ diff: true });
    expect(statuses(rerun)).toEqual(['line 1 registers to the kvm host: ok', 'the same again sees it done: ok']);

    for (const out of [check, apply, rerun]) for (const secret of [SIP_SECRET, ADMIN]) expect(out.stdout + out.stderr).not.toContain(secret);
  });

  it('a wrong admin password fails the task with a hint', async () => {
    phone = await startTestPhone({ adminPassword: ADMIN });
    project = await Project.create({
      'hosts.ini': `phone ansible_connection=http ansible_host=127.0.0.1 ansible_port=${phone.port}\n`,
      'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: wrong\n      spa_phone: { admin_password: n0t-the-one, params: { Station_Name: x } }\n`,
    });
    const out = await project.run();
    expect(out.results[0]?.status).toBe('failed');
    expect(out.results[0]?.msg).toMatch(/rejected the admin password/);
    expect(out.stdout).not.toContain('n0t-the-one');
  });
});
