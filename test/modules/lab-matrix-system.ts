/** Lab matrix scenarios of the command, system and controller modules (virtual3, and kvmhost for libvirt). */
import { readFileSync } from 'node:fs';
import type { Scenario } from './lab-matrix-scenarios.js';

const root = (module: string): string => `/tmp/play-matrix-${module}`;
const head = (path: string): string => `--- before: ${path}\n+++ after: ${path}\n`;

/** An init script for a no-init host: a sleeping daemon with a pid file, LSB status codes. */
const INIT_SCRIPT = `#!/bin/sh
p=${root('service')}/pid
case "$1" in
  start) sleep 100000 </dev/null >/dev/null 2>&1 & echo $! > "$p" ;;
  stop) [ -f "$p" ] && kill "$(cat "$p")"; rm -f "$p" ;;
  status) [ -f "$p" ] && kill -0 "$(cat "$p")" 2>/dev/null && exit 0; exit 3 ;;
  *) exit 2 ;;
esac
`;

/** The recorded test domain without NIC and display (nothing on the shared network), renamed. */
const DOMAIN_XML = readFileSync(new URL('../modules-system/data/tiny-domain.xml', import.meta.url), 'utf8')
  .replace(/\s*<interface[\s\S]*?<\/interface>/, '')
  .replace(/\s*<graphics[^>]*\/>/, '')
  .replaceAll('play-sysmod-tiny', 'play-matrix-tiny');

const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export const systemScenarios: Scenario[] = [
  {
    module: 'command',
    host: 'virtual3',
    root: root('command'),
    behaviour: 'converges',
    // creates= exists on the second run: ok (not run), as Ansible's command module reports it
    setup: `mkdir -p ${root('command')}`,
    tasks: `
    - name: under test
      command: touch made
      args: { chdir: "${root('command')}", creates: made }`,
    verify: { command: `ls ${root('command')}`, stdout: 'made\n' },
  },
  {
    module: 'shell',
    host: 'virtual3',
    root: root('shell'),
    behaviour: 'converges',
    // creates= exists on the second run: ok (not run), as Ansible's command module reports it
    setup: `mkdir -p ${root('shell')}`,
    tasks: `
    - name: under test
      shell: echo "$((6 * 7))" > out
      args: { chdir: "${root('shell')}", creates: out }`,
    verify: { command: `cat ${root('shell')}/out`, stdout: '42\n' },
  },
  {
    module: 'raw',
    host: 'virtual3',
    root: root('raw'),
    behaviour: 'always-changes',
    setup: `mkdir -p ${root('raw')}`,
    tasks: `
    - name: under test
      raw: printf x >> ${root('raw')}/log`,
    // one x after the check run and the first run: the check run ran nothing
    verify: { command: `cat ${root('raw')}/log`, stdout: 'x' },
  },
  {
    module: 'service',
    host: 'virtual3',
    root: root('service'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('service')} && printf %s ${sq(INIT_SCRIPT)} > /etc/init.d/playmx_svc && chmod 755 /etc/init.d/playmx_svc`,
    cleanup: `[ -x /etc/init.d/playmx_svc ] && /etc/init.d/playmx_svc stop; rm -f /etc/init.d/playmx_svc`,
    tasks: `
    - name: under test
      service: { name: playmx_svc, state: started }`,
    verify: { command: `/etc/init.d/playmx_svc status; echo $?`, stdout: '0\n' },
  },
  {
    module: 'sysctl',
    host: 'virtual3',
    root: root('sysctl'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('sysctl')} && printf '# kept\\n' > ${root('sysctl')}/99-matrix.conf`,
    // a key no kernel has: only the file is managed, the running kernel is not touched
    tasks: `
    - name: under test
      sysctl: { name: net.playmx.matrix, value: "1", sysctl_file: "${root('sysctl')}/99-matrix.conf", ignore_missing: true, reload: false }`,
    diff: `${head(`${root('sysctl')}/99-matrix.conf`)}@@ -1,1 +1,2 @@\n # kept\n+net.playmx.matrix=1\n`,
    verify: { command: `cat ${root('sysctl')}/99-matrix.conf`, stdout: '# kept\nnet.playmx.matrix=1\n' },
  },
  {
    module: 'group',
    host: 'virtual3',
    root: root('group'),
    behaviour: 'converges',
    cleanup: 'groupdel playmx_group 2>/dev/null; true',
    tasks: `
    - name: under test
      group: { name: playmx_group, system: true }`,
    verify: { command: `getent group playmx_group | cut -d: -f1`, stdout: 'playmx_group\n' },
  },
  {
    module: 'user',
    host: 'virtual3',
    root: root('user'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('user')}`,
    cleanup: 'userdel playmx_user 2>/dev/null; groupdel playmx_user 2>/dev/null; true',
    tasks: `
    - name: under test
      user: { name: playmx_user, comment: play matrix, shell: /bin/sh, home: "${root('user')}/home", create_home: true }`,
    verify: { command: `getent passwd playmx_user | cut -d: -f5- && stat -c %U ${root('user')}/home`, stdout: `play matrix:${root('user')}/home:/bin/sh\nplaymx_user\n` },
  },
  {
    module: 'mount',
    host: 'virtual3',
    root: root('mount'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('mount')} && printf '# matrix fstab\\n' > ${root('mount')}/fstab`,
    cleanup: `umount ${root('mount')}/mnt 2>/dev/null; true`,
    tasks: `
    - name: under test
      mount: { path: "${root('mount')}/mnt", src: tmpfs, fstype: tmpfs, opts: "size=1m", state: mounted, fstab: "${root('mount')}/fstab" }`,
    diff: `${head(`${root('mount')}/fstab`)}@@ -1,1 +1,2 @@\n # matrix fstab\n+tmpfs ${root('mount')}/mnt tmpfs size=1m 0 0\n`,
    verify: { command: `findmnt -n -o FSTYPE,OPTIONS ${root('mount')}/mnt | cut -d, -f1`, stdout: 'tmpfs rw\n' },
  },
  {
    module: 'wait_for',
    host: 'virtual3',
    root: root('wait_for'),
    behaviour: 'read-only',
    setup: `mkdir -p ${root('wait_for')} && printf 'state=ready\\n' > ${root('wait_for')}/flag`,
    tasks: `
    - name: under test
      wait_for: { path: "${root('wait_for')}/flag", search_regex: "state=ready", timeout: 5 }
      register: w
    - name: report
      debug: { msg: "{{ w.path }} {{ w.state }}" }`,
    // Ansible's result echoes the state asked for (started = the path is there)
    messages: { report: `${root('wait_for')}/flag started` },
  },
  {
    module: 'setup',
    host: 'virtual3',
    root: root('setup'),
    behaviour: 'read-only',
    tasks: `
    - name: under test
      setup: {}
    - name: report
      debug: { msg: "{{ ansible_system }} {{ ansible_os_family }}" }`,
    messages: { report: 'Linux Debian' },
  },
  {
    module: 'uri',
    host: 'virtual3',
    root: root('uri'),
    behaviour: 'read-only',
    tasks: `
    - name: under test
      uri: { url: "{{ matrix_http }}/status", return_content: true }
      register: r
    - name: report
      debug: { msg: "{{ r.status }} {{ r.content }}" }`,
    messages: { report: '200 up' },
  },
  {
    module: 'debug',
    host: 'virtual3',
    root: root('debug'),
    behaviour: 'read-only',
    tasks: `
    - name: under test
      debug: { msg: "{{ inventory_hostname }} has {{ [1, 2, 3] | sum }}" }`,
    messages: { 'under test': 'virtual3 has 6' },
  },
  {
    module: 'set_fact',
    host: 'virtual3',
    root: root('set_fact'),
    behaviour: 'read-only',
    tasks: `
    - name: under test
      set_fact: { matrix_ext: 7001 }
    - name: report
      debug: { msg: "{{ matrix_ext + 1 }}" }`,
    messages: { report: '7002' },
  },
  {
    module: 'assert',
    host: 'virtual3',
    root: root('assert'),
    behaviour: 'read-only',
    tasks: `
    - name: under test
      assert: { that: ["inventory_hostname == 'virtual3'", "1 < 2"], success_msg: all fine }`,
    messages: { 'under test': 'all fine' },
  },
  {
    module: 'fail',
    host: 'virtual3',
    root: root('fail'),
    behaviour: 'read-only',
    status: 'failed',
    tasks: `
    - name: under test
      fail: { msg: "stopped on {{ inventory_hostname }}" }
      ignore_errors: true`,
    messages: { 'under test': 'stopped on virtual3' },
  },
  {
    module: 'qemu_img',
    host: 'kvmhost',
    root: root('qemu_img'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('qemu_img')}`,
    tasks: `
    - name: under test
      qemu_img: { path: "${root('qemu_img')}/disk.qcow2", size: 16M, format: qcow2 }`,
    verify: { command: `qemu-img info ${root('qemu_img')}/disk.qcow2 | grep -E '^(file format|virtual size):'`, stdout: 'file format: qcow2\nvirtual size: 16 MiB (16777216 bytes)\n' },
  },
  {
    module: 'virt',
    host: 'kvmhost',
    root: root('virt'),
    behaviour: 'converges',
    cleanup: 'virsh -c qemu:///system destroy play-matrix-tiny >/dev/null 2>&1; virsh -c qemu:///system undefine play-matrix-tiny >/dev/null 2>&1; true',
    files: { 'files/tiny.xml': DOMAIN_XML },
    tasks: `
    - name: under test
      virt: { command: define, xml: "{{ lookup('file', 'files/tiny.xml') }}" }`,
    verify: { command: 'virsh -c qemu:///system domstate play-matrix-tiny', stdout: 'shut off\n\n' },
  },
];
