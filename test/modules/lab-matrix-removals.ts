/**
 * Lab matrix scenarios for the other direction: what the first scenarios create, taken away
 * or changed in place (state=absent, stopped, usermod, removes=), where check mode has to
 * predict from what is there rather than from nothing.
 */
import type { Scenario } from './lab-matrix-scenarios.js';

const root = (name: string): string => `/tmp/play-matrix-${name}`;
const head = (path: string): string => `--- before: ${path}\n+++ after: ${path}\n`;

export const removalScenarios: Scenario[] = [
  {
    module: 'file',
    variant: 'absent',
    host: 'virtual3',
    root: root('file-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('file-absent')}/old/sub && chmod 700 ${root('file-absent')}/old && touch ${root('file-absent')}/old/sub/f`,
    tasks: `
    - name: under test
      file: { path: "${root('file-absent')}/old", state: absent }`,
    diff: `${head(`${root('file-absent')}/old`)}@@ -1,5 +1,2 @@\n path: ${root('file-absent')}/old\n-state: directory\n-mode: '0700'\n-owner: root\n-group: root\n+state: absent\n`,
    verify: { command: `ls -A ${root('file-absent')}`, stdout: '' },
  },
  {
    module: 'lineinfile',
    variant: 'absent',
    host: 'virtual3',
    root: root('lineinfile-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('lineinfile-absent')} && printf 'a=1\\n#b=2\\nb=3\\nc=4\\n' > ${root('lineinfile-absent')}/f`,
    tasks: `
    - name: under test
      lineinfile: { path: "${root('lineinfile-absent')}/f", regexp: "^b=", state: absent }`,
    diff: `${head(`${root('lineinfile-absent')}/f`)}@@ -1,4 +1,3 @@\n a=1\n #b=2\n-b=3\n c=4\n`,
    verify: { command: `cat ${root('lineinfile-absent')}/f`, stdout: 'a=1\n#b=2\nc=4\n' },
  },
  {
    module: 'blockinfile',
    variant: 'absent',
    host: 'virtual3',
    root: root('blockinfile-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('blockinfile-absent')} && printf 'keep\\n# BEGIN ANSIBLE MANAGED BLOCK\\nx\\n# END ANSIBLE MANAGED BLOCK\\ntail\\n' > ${root('blockinfile-absent')}/f`,
    tasks: `
    - name: under test
      blockinfile: { path: "${root('blockinfile-absent')}/f", state: absent }`,
    diff: `${head(`${root('blockinfile-absent')}/f`)}@@ -1,5 +1,2 @@\n keep\n-# BEGIN ANSIBLE MANAGED BLOCK\n-x\n-# END ANSIBLE MANAGED BLOCK\n tail\n`,
    verify: { command: `cat ${root('blockinfile-absent')}/f`, stdout: 'keep\ntail\n' },
  },
  {
    module: 'ini_file',
    variant: 'absent',
    host: 'virtual3',
    root: root('ini_file-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('ini_file-absent')} && printf '[general]\\nbindport=5060\\nsrvlookup=yes\\n' > ${root('ini_file-absent')}/sip.conf`,
    tasks: `
    - name: under test
      ini_file: { path: "${root('ini_file-absent')}/sip.conf", section: general, option: srvlookup, state: absent }`,
    diff: `${head(`${root('ini_file-absent')}/sip.conf`)}@@ -1,3 +1,2 @@\n [general]\n bindport=5060\n-srvlookup=yes\n`,
    verify: { command: `cat ${root('ini_file-absent')}/sip.conf`, stdout: '[general]\nbindport=5060\n' },
  },
  {
    module: 'sysctl',
    variant: 'absent',
    host: 'virtual3',
    root: root('sysctl-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('sysctl-absent')} && printf 'net.playmx.gone=1\\n# kept\\n' > ${root('sysctl-absent')}/99-matrix.conf`,
    tasks: `
    - name: under test
      sysctl: { name: net.playmx.gone, state: absent, sysctl_file: "${root('sysctl-absent')}/99-matrix.conf", reload: false }`,
    diff: `${head(`${root('sysctl-absent')}/99-matrix.conf`)}@@ -1,2 +1,1 @@\n-net.playmx.gone=1\n # kept\n`,
    verify: { command: `cat ${root('sysctl-absent')}/99-matrix.conf`, stdout: '# kept\n' },
  },
  {
    module: 'mount',
    variant: 'absent',
    host: 'virtual3',
    root: root('mount-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('mount-absent')}/mnt && printf '# matrix fstab\\ntmpfs ${root('mount-absent')}/mnt tmpfs size=1m 0 0\\n' > ${root('mount-absent')}/fstab && mount -t tmpfs -o size=1m tmpfs ${root('mount-absent')}/mnt`,
    cleanup: `umount ${root('mount-absent')}/mnt 2>/dev/null; true`,
    tasks: `
    - name: under test
      mount: { path: "${root('mount-absent')}/mnt", state: absent, fstab: "${root('mount-absent')}/fstab" }`,
    diff: `${head(`${root('mount-absent')}/fstab`)}@@ -1,2 +1,1 @@\n # matrix fstab\n-tmpfs ${root('mount-absent')}/mnt tmpfs size=1m 0 0\n`,
    verify: { command: `findmnt -n ${root('mount-absent')}/mnt; cat ${root('mount-absent')}/fstab`, stdout: '# matrix fstab\n' },
  },
  {
    module: 'service',
    variant: 'stopped',
    host: 'virtual3',
    root: root('service-stopped'),
    behaviour: 'converges',
    setup: [
      `mkdir -p ${root('service-stopped')}`,
      `printf '#!/bin/sh\\np=${root('service-stopped')}/pid\\ncase "$1" in\\n  start) sleep 100000 </dev/null >/dev/null 2>&1 & echo $! > "$p" ;;\\n  stop) [ -f "$p" ] && kill "$(cat "$p")"; rm -f "$p" ;;\\n  status) [ -f "$p" ] && kill -0 "$(cat "$p")" 2>/dev/null && exit 0; exit 3 ;;\\nesac\\n' > /etc/init.d/playmx_stop`,
      'chmod 755 /etc/init.d/playmx_stop',
      '/etc/init.d/playmx_stop start',
    ].join(' && '),
    cleanup: '[ -x /etc/init.d/playmx_stop ] && /etc/init.d/playmx_stop stop; rm -f /etc/init.d/playmx_stop',
    tasks: `
    - name: under test
      service: { name: playmx_stop, state: stopped }`,
    verify: { command: '/etc/init.d/playmx_stop status; echo $?', stdout: '3\n' },
  },
  {
    module: 'user',
    variant: 'usermod',
    host: 'virtual3',
    root: root('user-usermod'),
    behaviour: 'converges',
    setup: 'useradd -M -s /bin/sh -c before playmx_mod',
    cleanup: 'userdel playmx_mod 2>/dev/null; groupdel playmx_mod 2>/dev/null; true',
    tasks: `
    - name: under test
      user: { name: playmx_mod, shell: /bin/bash, comment: after, create_home: false }`,
    verify: { command: 'getent passwd playmx_mod | cut -d: -f5,7', stdout: 'after:/bin/bash\n' },
  },
  {
    module: 'user',
    variant: 'absent',
    host: 'virtual3',
    root: root('user-absent'),
    behaviour: 'converges',
    setup: 'useradd -M playmx_gone',
    cleanup: 'userdel playmx_gone 2>/dev/null; groupdel playmx_gone 2>/dev/null; true',
    tasks: `
    - name: under test
      user: { name: playmx_gone, state: absent }`,
    verify: { command: 'getent passwd playmx_gone; echo "rc=$?"', stdout: 'rc=2\n' },
  },
  {
    module: 'group',
    variant: 'absent',
    host: 'virtual3',
    root: root('group-absent'),
    behaviour: 'converges',
    setup: 'groupadd playmx_gone_g',
    cleanup: 'groupdel playmx_gone_g 2>/dev/null; true',
    tasks: `
    - name: under test
      group: { name: playmx_gone_g, state: absent }`,
    verify: { command: 'getent group playmx_gone_g; echo "rc=$?"', stdout: 'rc=2\n' },
  },
  {
    module: 'command',
    variant: 'removes',
    host: 'virtual3',
    root: root('command-removes'),
    behaviour: 'converges',
    // removes= is gone on the second run: ok (not run), as Ansible's command module reports it
    setup: `mkdir -p ${root('command-removes')} && touch ${root('command-removes')}/stale.lock`,
    tasks: `
    - name: under test
      command: rm stale.lock
      args: { chdir: "${root('command-removes')}", removes: stale.lock }`,
    verify: { command: `ls -A ${root('command-removes')}`, stdout: '' },
  },
  {
    module: 'qemu_img',
    variant: 'absent',
    host: 'kvmhost',
    root: root('qemu_img-absent'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('qemu_img-absent')} && qemu-img create -q -f qcow2 ${root('qemu_img-absent')}/disk.qcow2 16M`,
    tasks: `
    - name: under test
      qemu_img: { path: "${root('qemu_img-absent')}/disk.qcow2", state: absent }`,
    verify: { command: `ls -A ${root('qemu_img-absent')}`, stdout: '' },
  },
];
