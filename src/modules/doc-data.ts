/**
 * What `play doc` says beyond the schemas: the values a module returns (registered results) and
 * a written example. A module missing here gets the common return values and an example built
 * from its required arguments (./module-doc.ts).
 */
const COMMAND_RETURNS = {
  rc: 'the exit status',
  stdout: 'standard output, without its last newline',
  stderr: 'standard error, without its last newline',
  stdout_lines: 'stdout split into lines',
  stderr_lines: 'stderr split into lines',
  cmd: 'the command as run (a list of words, or the shell text)',
  start: 'when it started (ISO 8601)',
  end: 'when it ended',
  delta: 'how long it took (H:MM:SS.ffffff)',
  msg: "'non-zero return code' when rc is not 0; what check mode would do",
};

const ATTRIBUTES = { mode: 'the mode (octal string)', owner: 'the owner name', group: 'the group name', uid: 'the owner id', gid: 'the group id', size: 'the size in bytes' };
const CONTENT_RETURNS = { dest: 'the file written', state: 'file', checksum: 'the sha1 of the content', ...ATTRIBUTES, backup_file: 'the backup made (with backup)' };

export const MODULE_RETURNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  command: COMMAND_RETURNS,
  shell: COMMAND_RETURNS,
  raw: { rc: COMMAND_RETURNS.rc, stdout: COMMAND_RETURNS.stdout, stderr: COMMAND_RETURNS.stderr, stdout_lines: COMMAND_RETURNS.stdout_lines, stderr_lines: COMMAND_RETURNS.stderr_lines },
  copy: { ...CONTENT_RETURNS, src: 'the source file, when one was given' },
  template: { ...CONTENT_RETURNS, src: 'the template' },
  file: { path: 'the path worked on', state: 'file, directory, link or absent', ...ATTRIBUTES, src: 'the link target (state link or hard)' },
  stat: { stat: 'a mapping: exists, and for an existing path isreg, isdir, islnk, mode, uid, gid, pw_name, gr_name, size, mtime, checksum (sha1)…' },
  async_status: {
    ansible_job_id: 'the job id',
    finished: '1 when the job has ended (then its own result fields: rc, stdout, stderr, cmd, …), else 0',
    started: '1 (0 for cleanup)',
    results_file: "the job's status file, ~/.ansible_async/<jid>",
    erased: 'the status file removed (mode=cleanup)',
  },
  slurp: { content: "the file's content, base64-encoded", encoding: 'always base64', source: 'the file read' },
  fetch: { file: 'the remote file', dest: 'where it was stored on the controller', checksum: 'its sha1', remote_checksum: 'its sha1 on the target' },
  setup: { ansible_facts: 'the facts (docs/variables.md lists them), stored as the host’s facts' },
  set_fact: { ansible_facts: 'the variables set' },
  debug: { msg: 'the message (with msg=)', VARNAME: "the variable's value (with var=VARNAME)" },
  uri: { status: 'the HTTP status code', url: 'the final URL', msg: 'a summary ("OK (n bytes)")', content: 'the body (with return_content)', json: 'the parsed body, when it is JSON' },
  group: { name: 'the group', state: 'present or absent', gid: 'its id', system: 'whether it is a system group' },
  user: { name: 'the user', state: 'present or absent', uid: 'its id', group: 'its primary group', groups: 'its other groups (comma list)', comment: 'its GECOS field', home: 'its home directory', shell: 'its shell' },
  ini_file: { path: 'the file', state: 'present or absent', backup_file: 'the backup made (with backup)' },
  lineinfile: { msg: "'line added', 'line replaced'…", found: 'lines that matched (state absent)', backup: 'the backup made (with backup)' },
  wait_for: { elapsed: 'seconds waited', state: 'the state waited for' },
  service: { name: 'the service', state: 'started or stopped', enabled: 'whether it starts at boot' },
  apt: { cache_updated: 'whether the package lists were updated', cache_update_time: 'when (epoch seconds)' },
  yum: { results: 'what was done, one line per package', rc: 'the exit status' },
  package: { ansible_facts: 'pkg_mgr: the package manager used' },
  qemu_img: { path: 'the image', state: 'present or absent', format: 'its format', virtual_size: 'its size in bytes' },
  asterisk_command: { command: 'the CLI command run', stdout: "Asterisk's answer", stdout_lines: 'stdout split into lines' },
  asterisk_reload: { commands: 'the reload commands run' },
};

export const MODULE_EXAMPLES: Readonly<Record<string, string>> = {
  command: `- name: Ask Asterisk for its version
  command: asterisk -V
  register: version
  changed_when: false`,
  shell: `- name: Count the SIP peers
  shell: asterisk -rx 'sip show peers' | tail -1
  register: peers
  changed_when: false`,
  copy: `- name: Write the message of the day
  copy:
    dest: /etc/motd
    content: "Managed by play\\n"
    mode: "0644"`,
  template: `- name: Render the SIP configuration
  template:
    src: sip.conf.j2
    dest: /etc/asterisk/sip.conf
    owner: asterisk
    mode: "0640"
  notify: reload asterisk`,
  file: `- name: A directory for the recordings
  file:
    path: /var/spool/asterisk/monitor
    state: directory
    mode: "0750"`,
  lineinfile: `- name: Enable IP forwarding at boot
  lineinfile:
    path: /etc/sysctl.conf
    regexp: '^net.ipv4.ip_forward'
    line: net.ipv4.ip_forward = 1`,
  service: `- name: Asterisk runs and starts at boot
  service:
    name: asterisk
    state: started
    enabled: true`,
  setup: `- name: Only the network facts
  setup:
    gather_subset: [network]`,
  debug: `- name: Show the default address
  debug:
    var: ansible_default_ipv4.address`,
  stat: `- name: Look for the DAHDI control device
  stat:
    path: /dev/dahdi/ctl
  register: dahdi`,
};
