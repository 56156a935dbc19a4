import type { RunEvent } from '../executor/events.js';
import { noColors, type Colors } from './diff.js';

/** Ansible's PLAY RECAP block, field order and widths included (Molecule parses it). */
export function formatRecap(e: Extract<RunEvent, { type: 'recap' }>, c: Colors = noColors): string {
  const title = 'PLAY RECAP ';
  let out = title + '*'.repeat(80 - title.length) + '\n';
  for (const [host, s] of Object.entries(e.hosts)) {
    const color = s.failed || s.unreachable ? c.red : s.changed ? c.yellow : c.green;
    out +=
      color(host.padEnd(26)) +
      ' : ' +
      `ok=${String(s.ok).padEnd(4)} changed=${String(s.changed).padEnd(4)} unreachable=${String(s.unreachable).padEnd(4)} failed=${String(s.failed).padEnd(4)} skipped=${String(s.skipped).padEnd(4)} rescued=${String(s.rescued).padEnd(4)} ignored=${s.ignored}` +
      '\n';
  }
  for (const [host, why] of Object.entries(e.unreachableReasons)) out += c.red(`${host}: unreachable: ${why}`) + '\n';
  return out + '\n';
}
