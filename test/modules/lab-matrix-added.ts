/** Lab matrix scenarios of the modules real Ansible roles use most (cron, assemble, find, …), on virtual3. */
import type { Exclusion, Scenario } from './lab-matrix-scenarios.js';

const root = (module: string): string => `/tmp/play-matrix-${module}`;
const head = (path: string): string => `--- before: ${path}\n+++ after: ${path}\n`;
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

export const addedScenarios: Scenario[] = [
  {
    module: 'cron',
    host: 'virtual3',
    root: root('cron'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('cron')}`,
    tasks: `
    - name: under test
      cron: { name: matrix, minute: "*/5", job: "echo hi", cron_file: "${root('cron')}/job" }`,
    diff: `${head(`${root('cron')}/job`)}@@ -1,0 +1,2 @@\n+#Ansible: matrix\n+*/5 * * * * root echo hi\n`,
    verify: { command: `cat ${root('cron')}/job`, stdout: '#Ansible: matrix\n*/5 * * * * root echo hi\n' },
  },
  {
    module: 'assemble',
    host: 'virtual3',
    root: root('assemble'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('assemble')}/frag && printf 'a\\n' > ${root('assemble')}/frag/01 && printf 'b\\n' > ${root('assemble')}/frag/02`,
    tasks: `
    - name: under test
      assemble: { src: "${root('assemble')}/frag", dest: "${root('assemble')}/all", delimiter: "--" }`,
    diff: `${head(`${root('assemble')}/all`)}@@ -1,0 +1,3 @@\n+a\n+--\n+b\n`,
    verify: { command: `cat ${root('assemble')}/all`, stdout: 'a\n--\nb\n' },
  },
  {
    module: 'known_hosts',
    host: 'virtual3',
    root: root('known_hosts'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('known_hosts')}`,
    tasks: `
    - name: under test
      known_hosts: { path: "${root('known_hosts')}/known", name: h1.example, key: "h1.example ${KEY}" }`,
    diff: `${head(`${root('known_hosts')}/known`)}@@ -1,0 +1,1 @@\n+h1.example ${KEY}\n`,
    verify: { command: `stat -c %a ${root('known_hosts')}/known && cat ${root('known_hosts')}/known`, stdout: `600\nh1.example ${KEY}\n` },
  },
  {
    module: 'authorized_key',
    host: 'virtual3',
    root: root('authorized_key'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('authorized_key')}`,
    tasks: `
    - name: under test
      authorized_key: { user: root, path: "${root('authorized_key')}/keys", key: "${KEY} matrix" }`,
    diff: `${head(`${root('authorized_key')}/keys`)}@@ -1,0 +1,1 @@\n+${KEY} matrix\n`,
    verify: { command: `stat -c '%a %U' ${root('authorized_key')}/keys && cat ${root('authorized_key')}/keys`, stdout: `600 root\n${KEY} matrix\n` },
  },
  {
    module: 'unarchive',
    host: 'virtual3',
    root: root('unarchive'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('unarchive')}/src/d ${root('unarchive')}/out && echo x > ${root('unarchive')}/src/d/f && tar -C ${root('unarchive')}/src -czf ${root('unarchive')}/a.tgz d`,
    tasks: `
    - name: under test
      unarchive: { src: "${root('unarchive')}/a.tgz", dest: "${root('unarchive')}/out", remote_src: true }`,
    verify: { command: `cat ${root('unarchive')}/out/d/f`, stdout: 'x\n' },
  },
  {
    module: 'find',
    host: 'virtual3',
    root: root('find'),
    behaviour: 'read-only',
    setup: `mkdir -p ${root('find')}/sub && touch ${root('find')}/a.log ${root('find')}/b.txt ${root('find')}/sub/c.log`,
    tasks: `
    - name: under test
      find: { paths: "${root('find')}", patterns: "*.log", recurse: true }
      register: r
    - name: report
      debug: { msg: "{{ r.files | map(attribute='path') | sort | join(',') }}" }`,
    messages: { report: `${root('find')}/a.log,${root('find')}/sub/c.log` },
  },
  {
    module: 'tempfile',
    host: 'virtual3',
    root: root('tempfile'),
    behaviour: 'always-changes',
    setup: `mkdir -p ${root('tempfile')}`,
    tasks: `
    - name: under test
      tempfile: { path: "${root('tempfile')}", prefix: matrix. }`,
  },
  {
    module: 'script',
    host: 'virtual3',
    root: root('script'),
    behaviour: 'always-changes',
    files: { 'files/matrix.sh': `#!/bin/sh\necho "$1" >> ${root('script')}/ran\n` },
    setup: `mkdir -p ${root('script')}`,
    tasks: `
    - name: under test
      script: matrix.sh once`,
  },
  {
    module: 'wait_for_connection',
    host: 'virtual3',
    root: root('wait_for_connection'),
    behaviour: 'read-only',
    tasks: `
    - name: under test
      wait_for_connection: { timeout: 30 }`,
  },
];

const COMPAT = 'test/compat-modules/new-modules.test.ts';

export const addedExclusions: Exclusion[] = [
  {
    module: 'get_url',
    reason: 'downloads on the target, and the matrix HTTP server listens on the controller\'s loopback, which the lab hosts\' namespaces do not reach; covered locally against Ansible',
    coveredBy: [COMPAT, 'test/modules-system/get_url'],
  },
  {
    module: 'pause',
    reason: 'runs on the controller only and opens no connection: a lab host adds nothing; covered locally against Ansible',
    coveredBy: [COMPAT],
  },
  {
    module: 'systemd',
    reason: 'the lab hosts run no systemd (their init is not a service manager); covered by plan fixtures',
    coveredBy: ['test/modules-system/systemd'],
  },
  {
    module: 'systemd_service',
    reason: 'the same module as systemd under its newer name; the lab hosts run no systemd',
    coveredBy: ['test/modules-system/systemd_service'],
  },
  {
    module: 'reboot',
    reason:
      "lab hosts restart now, but a restart ends what the shared lab's hosts run (Asterisk, which no init starts again) for the suites after it; proven end to end on a lab of its own, and the local connection is refused by name",
    coveredBy: ['test/lab/reboot.test.ts', 'src/executor/wait-steps.test.ts', 'test/modules-system/reboot'],
  },
  {
    module: 'async_status',
    reason: 'reads the job file an async task leaves, so a scenario needs a job started first; covered locally against Ansible (the async-jobs case) and by the keyword tests',
    coveredBy: ['test/compat/corpus/async-jobs.yml', 'test/engine/keywords-effect.test.ts'],
  },
  {
    module: 'hostname',
    reason: 'renaming a lab host changes the names other runs and the SSH known_hosts rely on; covered by plan fixtures',
    coveredBy: ['test/modules-system/hostname'],
  },
];
