/** The lookups of ansible-core 2.14: `with_<name>` of any other name is refused at load, as Ansible refuses it. */
export const ANSIBLE_BUILTIN_LOOKUPS: ReadonlySet<string> = new Set([
  'config', 'csvfile', 'dict', 'env', 'file', 'fileglob', 'first_found', 'indexed_items', 'ini', 'inventory_hostnames',
  'items', 'lines', 'list', 'nested', 'password', 'pipe', 'random_choice', 'sequence', 'subelements', 'template',
  'together', 'unvault', 'url', 'varnames', 'vars',
]);

/**
 * The modules of ansible-core 2.14 (ansible.builtin). A task using one that play does not have
 * loads (as `ansible-playbook --syntax-check` accepts it) and fails when it runs, with a message
 * that names the module; a name that is not an Ansible module either is refused at load.
 */
export const ANSIBLE_BUILTIN_MODULES: ReadonlySet<string> = new Set([
  'add_host', 'apt', 'apt_key', 'apt_repository', 'assemble', 'assert', 'async_status', 'blockinfile', 'command', 'copy',
  'cron', 'debconf', 'debug', 'dnf', 'dpkg_selections', 'expect', 'fail', 'fetch', 'file', 'find', 'gather_facts',
  'get_url', 'getent', 'git', 'group', 'group_by', 'hostname', 'import_playbook', 'import_role', 'import_tasks',
  'include_role', 'include_tasks', 'include_vars', 'iptables', 'known_hosts', 'lineinfile', 'meta', 'package',
  'package_facts', 'pause', 'ping', 'pip', 'raw', 'reboot', 'replace', 'rpm_key', 'script', 'service', 'service_facts',
  'set_fact', 'set_stats', 'setup', 'shell', 'slurp', 'stat', 'subversion', 'systemd', 'systemd_service', 'sysvinit',
  'tempfile', 'template', 'unarchive', 'uri', 'user', 'validate_argument_spec', 'wait_for', 'wait_for_connection', 'yum',
  'yum_repository', 'include',
]);
