/**
 * Ansible's Windows path filters (win_basename, win_dirname, win_splitdrive): Python's ntpath,
 * where both `\` and `/` separate and a drive (`C:`) or UNC share (`\\host\share`) leads.
 */
import type { Filter } from './args.js';
import { pyStr, tuple } from './python.js';

const isSep = (c: string | undefined): boolean => c === '\\' || c === '/';

/** ntpath.splitdrive. */
function splitdrive(p: string): [string, string] {
  if (isSep(p[0]) && isSep(p[1]) && !isSep(p[2])) {
    const rest = p.slice(2);
    const hostEnd = rest.search(/[\\/]/);
    if (hostEnd < 0) return [p, ''];
    const shareEnd = rest.slice(hostEnd + 1).search(/[\\/]/);
    if (hostEnd === 0) return ['', p];
    const end = shareEnd < 0 ? p.length : 2 + hostEnd + 1 + shareEnd;
    return [p.slice(0, end), p.slice(end)];
  }
  return p[1] === ':' ? [p.slice(0, 2), p.slice(2)] : ['', p];
}

/** ntpath.split: (head, tail), the head without trailing separators unless it is all separators. */
function split(path: string): [string, string] {
  const [drive, p] = splitdrive(path);
  let i = p.length;
  while (i > 0 && !isSep(p[i - 1])) i--;
  const head = p.slice(0, i);
  const stripped = head.replace(/[\\/]+$/, '');
  return [drive + (stripped || head), p.slice(i)];
}

export const winPathFilters: Record<string, Filter> = {
  win_basename: (value) => split(pyStr(value))[1],
  win_dirname: (value) => split(pyStr(value))[0],
  win_splitdrive: (value) => tuple(splitdrive(pyStr(value))),
};
