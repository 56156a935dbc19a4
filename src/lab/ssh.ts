import type { LabPaths } from './hosts.js';
import type { RunResult } from './proc.js';
import { run } from './proc.js';

/** ssh's argv for one shell command on a lab host as root, with the lab's key and known_hosts (strict). */
export function labSshArgv(paths: LabPaths, address: string, command: string): string[] {
  return [
    'ssh', '-F', '/dev/null',
    '-i', paths.privateKey,
    '-o', `UserKnownHostsFile=${paths.knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=5',
    `root@${address}`,
    command,
  ];
}

/** One shell command on a lab host as root. */
export function labSsh(paths: LabPaths, address: string, command: string): Promise<RunResult> {
  return run(labSshArgv(paths, address, command));
}
