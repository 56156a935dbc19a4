/** Lab matrix scenarios of the file modules (content, state, reads, fetch), all on virtual3. */
import type { Scenario } from './lab-matrix-scenarios.js';

const root = (module: string): string => `/tmp/play-matrix-${module}`;

/** `--- before/+++ after` header of one file's unified diff. */
const head = (path: string): string => `--- before: ${path}\n+++ after: ${path}\n`;

export const fileScenarios: Scenario[] = [
  {
    module: 'copy',
    host: 'virtual3',
    root: root('copy'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('copy')} && printf 'a=1\\n' > ${root('copy')}/app.conf && chmod 644 ${root('copy')}/app.conf`,
    tasks: `
    - name: under test
      copy: { content: "a=1\\nb=2\\n", dest: "${root('copy')}/app.conf", mode: "0640" }`,
    diff: `${head(`${root('copy')}/app.conf`)}@@ -1,1 +1,2 @@\n a=1\n+b=2\n`,
    verify: { command: `stat -c %a ${root('copy')}/app.conf && cat ${root('copy')}/app.conf`, stdout: '640\na=1\nb=2\n' },
  },
  {
    module: 'template',
    host: 'virtual3',
    root: root('template'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('template')}`,
    files: { 'templates/matrix.conf.j2': 'host={{ inventory_hostname }}\n{% for p in ports %}port={{ p }}\n{% endfor %}' },
    tasks: `
    - name: under test
      template: { src: matrix.conf.j2, dest: "${root('template')}/matrix.conf" }
      vars: { ports: [5060, 4569] }`,
    diff: `${head(`${root('template')}/matrix.conf`)}@@ -1,0 +1,3 @@\n+host=virtual3\n+port=5060\n+port=4569\n`,
    verify: { command: `cat ${root('template')}/matrix.conf`, stdout: 'host=virtual3\nport=5060\nport=4569\n' },
  },
  {
    module: 'file',
    host: 'virtual3',
    root: root('file'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('file')}`,
    tasks: `
    - name: "under test: a directory"
      file: { path: "${root('file')}/spool", state: directory, mode: "0750" }
    - name: "under test: a link to it"
      file: { src: spool, dest: "${root('file')}/current", state: link }`,
    diff:
      `${head(`${root('file')}/spool`)}@@ -1,2 +1,3 @@\n path: ${root('file')}/spool\n-state: absent\n+state: directory\n+mode: '0750'\n` +
      `${head(`${root('file')}/current`)}@@ -1,2 +1,3 @@\n path: ${root('file')}/current\n-state: absent\n+state: link\n+src: spool\n`,
    verify: { command: `stat -c '%F %a' ${root('file')}/spool && readlink ${root('file')}/current`, stdout: 'directory 750\nspool\n' },
  },
  {
    module: 'lineinfile',
    host: 'virtual3',
    root: root('lineinfile'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('lineinfile')} && printf 'Port 22\\n#PermitRootLogin yes\\nUsePAM yes\\n' > ${root('lineinfile')}/sshd_config`,
    tasks: `
    - name: "under test: replace a line"
      lineinfile: { path: "${root('lineinfile')}/sshd_config", regexp: "^#?PermitRootLogin", line: "PermitRootLogin no" }
    - name: "under test: add one after another"
      lineinfile: { path: "${root('lineinfile')}/sshd_config", line: "X11Forwarding no", insertafter: "^Port" }`,
    diff:
      `${head(`${root('lineinfile')}/sshd_config`)}@@ -1,3 +1,3 @@\n Port 22\n-#PermitRootLogin yes\n+PermitRootLogin no\n UsePAM yes\n` +
      `${head(`${root('lineinfile')}/sshd_config`)}@@ -1,3 +1,4 @@\n Port 22\n+X11Forwarding no\n PermitRootLogin no\n UsePAM yes\n`,
    verify: { command: `cat ${root('lineinfile')}/sshd_config`, stdout: 'Port 22\nX11Forwarding no\nPermitRootLogin no\nUsePAM yes\n' },
  },
  {
    module: 'ini_file',
    host: 'virtual3',
    root: root('ini_file'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('ini_file')} && printf '[general]\\nbindport=5060\\n\\n[7001](endpoint-tpl)\\nallow=gsm\\n' > ${root('ini_file')}/pjsip.conf`,
    tasks: `
    - name: "under test: an option"
      ini_file: { path: "${root('ini_file')}/pjsip.conf", section: general, option: bindaddr, value: 127.0.0.1 }
    - name: "under test: a repeated option"
      ini_file: { path: "${root('ini_file')}/pjsip.conf", section: "7001", option: allow, values: [ulaw, alaw] }`,
    diff:
      `${head(`${root('ini_file')}/pjsip.conf`)}@@ -1,5 +1,6 @@\n [general]\n bindport=5060\n+bindaddr = 127.0.0.1\n \n [7001](endpoint-tpl)\n allow=gsm\n` +
      `${head(`${root('ini_file')}/pjsip.conf`)}@@ -3,4 +3,5 @@\n bindaddr = 127.0.0.1\n \n [7001](endpoint-tpl)\n-allow=gsm\n+allow = ulaw\n+allow = alaw\n`,
    verify: { command: `cat ${root('ini_file')}/pjsip.conf`, stdout: '[general]\nbindport=5060\nbindaddr = 127.0.0.1\n\n[7001](endpoint-tpl)\nallow = ulaw\nallow = alaw\n' },
  },
  {
    module: 'blockinfile',
    host: 'virtual3',
    root: root('blockinfile'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('blockinfile')} && printf '127.0.0.1 localhost\\n' > ${root('blockinfile')}/hosts`,
    tasks: `
    - name: under test
      blockinfile:
        path: "${root('blockinfile')}/hosts"
        block: |
          127.0.10.195 virtual1
          127.0.10.156 virtual2`,
    diff: `${head(`${root('blockinfile')}/hosts`)}@@ -1,1 +1,5 @@\n 127.0.0.1 localhost\n+# BEGIN ANSIBLE MANAGED BLOCK\n+127.0.10.195 virtual1\n+127.0.10.156 virtual2\n+# END ANSIBLE MANAGED BLOCK\n`,
    verify: {
      command: `cat ${root('blockinfile')}/hosts`,
      stdout: '127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK\n127.0.10.195 virtual1\n127.0.10.156 virtual2\n# END ANSIBLE MANAGED BLOCK\n',
    },
  },
  {
    module: 'replace',
    host: 'virtual3',
    root: root('replace'),
    behaviour: 'converges',
    setup: `mkdir -p ${root('replace')} && printf 'Port 22\\nListenAddress 0.0.0.0\\nPort 2222\\n' > ${root('replace')}/sshd_config`,
    tasks: `
    - name: under test
      replace: { path: "${root('replace')}/sshd_config", regexp: '^(?P<key>ListenAddress\\s+)0\\.0\\.0\\.0$', replace: '\\g<key>127.0.10.158' }`,
    diff: `${head(`${root('replace')}/sshd_config`)}@@ -1,3 +1,3 @@\n Port 22\n-ListenAddress 0.0.0.0\n+ListenAddress 127.0.10.158\n Port 2222\n`,
    verify: { command: `cat ${root('replace')}/sshd_config`, stdout: 'Port 22\nListenAddress 127.0.10.158\nPort 2222\n' },
  },
  {
    module: 'stat',
    host: 'virtual3',
    root: root('stat'),
    behaviour: 'read-only',
    setup: `mkdir -p ${root('stat')} && printf 'hello\\n' > ${root('stat')}/f && chmod 600 ${root('stat')}/f`,
    tasks: `
    - name: under test
      stat: { path: "${root('stat')}/f" }
      register: st
    - name: report
      debug: { msg: "{{ st.stat.isreg }} {{ st.stat.mode }} {{ st.stat.size }} {{ st.stat.checksum }} {{ st.stat.pw_name }}" }`,
    messages: { report: 'True 0600 6 f572d396fae9206628714fb2ce00f72e94f2258f root' },
  },
  {
    module: 'slurp',
    host: 'virtual3',
    root: root('slurp'),
    behaviour: 'read-only',
    setup: `mkdir -p ${root('slurp')} && printf 'hello\\n' > ${root('slurp')}/f`,
    tasks: `
    - name: under test
      slurp: { src: "${root('slurp')}/f" }
      register: s
    - name: report
      debug: { msg: "{{ s.encoding }} {{ s.content }} {{ s.content | b64decode | trim }}" }`,
    messages: { report: 'base64 aGVsbG8K hello' },
  },
  {
    module: 'fetch',
    host: 'virtual3',
    root: root('fetch'),
    // the target is only read; the change is the controller's copy
    behaviour: 'converges',
    setup: `mkdir -p ${root('fetch')} && printf 'fetched\\n' > ${root('fetch')}/f`,
    tasks: `
    - name: under test
      fetch: { src: "${root('fetch')}/f", dest: "{{dir}}/fetched" }`,
    verifyLocal: { path: `fetched/virtual3${root('fetch')}/f`, content: 'fetched\n' },
    verify: { command: `cat ${root('fetch')}/f`, stdout: 'fetched\n' },
  },
];
