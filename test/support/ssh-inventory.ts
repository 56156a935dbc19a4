import type { Sshd } from '../ssh/sshd-fixture.js';

/** An inventory line that reaches the real-sshd fixture as `name` (its key, its known_hosts). */
export function sshdInventoryLine(name: string, sshd: Sshd): string {
  return (
    `${name} ansible_connection=ssh ansible_host=${sshd.address} ansible_port=${sshd.port} ansible_user=${sshd.user} ` +
    `ansible_ssh_private_key_file=${sshd.clientKeyFile} play_known_hosts_file=${sshd.knownHostsFile}`
  );
}
