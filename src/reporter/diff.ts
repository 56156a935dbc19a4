import { structuredPatch } from 'diff';
import type { FileDiff } from '../modules/types.js';

export interface Colors {
  red(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const esc = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const ansi: Colors = { red: esc('31'), green: esc('32'), cyan: esc('36'), yellow: esc('33'), bold: esc('1'), dim: esc('2') };
const id = (s: string): string => s;
export const noColors: Colors = { red: id, green: id, cyan: id, yellow: id, bold: id, dim: id };

/** A unified diff in Ansible's --diff shape: "--- before: PATH" / "+++ after: PATH". */
export function formatDiff(d: FileDiff, c: Colors = noColors): string {
  const patch = structuredPatch(d.path, d.path, d.before, d.after, '', '', { context: 3 });
  if (patch.hunks.length === 0) return '';
  const lines = [c.red(`--- before: ${d.path}`), c.green(`+++ after: ${d.path}`)];
  for (const h of patch.hunks) {
    lines.push(c.cyan(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`));
    for (const l of h.lines) {
      if (l.startsWith('+')) lines.push(c.green(l));
      else if (l.startsWith('-')) lines.push(c.red(l));
      else lines.push(l);
    }
  }
  return lines.join('\n') + '\n';
}
