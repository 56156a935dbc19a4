import { execFileSync } from 'node:child_process';

/** Whether `ansible-playbook` runs here (the differential tests compare play with it). */
export function hasAnsible(): boolean {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
