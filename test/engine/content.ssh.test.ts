import { labPaths } from '../../src/lab/index.js';
import { labTestsEnabled, sshRun } from '../lab/lab-support.js';
import { defineContentSuite } from './content-suite.js';

/** The same assertions as on the local connection, against three lab hosts over SSH. */
const ADDRESS: Record<string, string> = { h1: '127.0.10.195', h2: '127.0.10.156', h3: '127.0.10.158' };
const paths = labPaths();
const vars = `ansible_user=root ansible_ssh_private_key_file=${paths.privateKey} play_known_hosts_file=${paths.knownHosts}`;

async function run(host: string, command: string): Promise<string> {
  const r = await sshRun(ADDRESS[host] as string, command);
  if (r.rc !== 0) throw new Error(`${host}: ${command}: rc ${r.rc}: ${r.stderr}`);
  return r.stdout;
}
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

defineContentSuite(
  'SSH to lab hosts',
  {
    hosts: `[web]\nh1 ansible_host=${ADDRESS.h1} ${vars}\nh2 ansible_host=${ADDRESS.h2} ${vars}\n\n[db]\nh3 ansible_host=${ADDRESS.h3} ${vars}\n`,
    read: (h, p) => run(h, `cat ${q(p)}`),
    write: async (h, p, c) => {
      await run(h, `printf %s ${q(c)} > ${q(p)}`);
    },
    mode: async (h, p) => parseInt((await run(h, `stat -c %a ${q(p)}`)).trim(), 8),
    exists: async (h, p) => (await sshRun(ADDRESS[h] as string, `test -e ${q(p)}`)).rc === 0,
  },
  labTestsEnabled,
);
