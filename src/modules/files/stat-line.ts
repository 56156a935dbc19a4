/**
 * One `stat -c` line per path with everything Ansible's stat-based results report (find's
 * files, stat): the raw mode in hex, ids and names, size, inode, device, links and times.
 * coreutils and busybox both print it; the name comes last, so a `|` in it is harmless.
 */
export const STAT_LINE = '%f|%u|%g|%U|%G|%s|%i|%d|%h|%X|%Y|%Z|%x|%y|%z|%n';

export type StatType = 'file' | 'directory' | 'link' | 'char' | 'block' | 'fifo' | 'socket';

export interface StatLine {
  path: string;
  type: StatType;
  /** st_mode, type bits included. */
  rawMode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  size: number;
  inode: number;
  dev: number;
  nlink: number;
  atime: number;
  mtime: number;
  ctime: number;
}

/**
 * Seconds with the fraction `stat`'s readable time carries ("… 09:31:02.910261600 +0000"), as
 * Python's float st_mtime; whole seconds where the tool prints none (busybox, old coreutils).
 */
function withFraction(seconds: number, text: string | undefined): number {
  const frac = /:\d\d\.(\d+)/.exec(text ?? '')?.[1];
  return frac === undefined || /^0+$/.test(frac) ? seconds : Number(`${seconds}.${frac}`);
}

const TYPES: Record<number, StatType> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'link', 0o020000: 'char', 0o060000: 'block', 0o010000: 'fifo', 0o140000: 'socket' };

export function parseStatLine(line: string): StatLine {
  const parts = line.split('|');
  const [mode = '0', uid, gid, owner = '', group = '', size, inode, dev, nlink, atime, mtime, ctime, atimeText, mtimeText, ctimeText] = parts;
  const rawMode = parseInt(mode, 16);
  const num = (v: string | undefined): number => Number(v ?? 0);
  return {
    path: parts.slice(15).join('|'),
    type: TYPES[rawMode & 0o170000] ?? 'file',
    rawMode,
    uid: num(uid),
    gid: num(gid),
    owner: owner === 'UNKNOWN' ? '' : owner,
    group: group === 'UNKNOWN' ? '' : group,
    size: num(size),
    inode: num(inode),
    dev: num(dev),
    nlink: num(nlink),
    atime: withFraction(num(atime), atimeText),
    mtime: withFraction(num(mtime), mtimeText),
    ctime: withFraction(num(ctime), ctimeText),
  };
}

/** Ansible's statinfo(): the fields find (and stat) report for one path. */
export function statFields(s: StatLine): Record<string, unknown> {
  const m = s.rawMode;
  const bit = (b: number): boolean => (m & b) !== 0;
  return {
    mode: (m & 0o7777).toString(8).padStart(4, '0'),
    isdir: s.type === 'directory',
    ischr: s.type === 'char',
    isblk: s.type === 'block',
    isreg: s.type === 'file',
    isfifo: s.type === 'fifo',
    islnk: s.type === 'link',
    issock: s.type === 'socket',
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    inode: s.inode,
    dev: s.dev,
    nlink: s.nlink,
    atime: s.atime,
    mtime: s.mtime,
    ctime: s.ctime,
    gr_name: s.group,
    pw_name: s.owner,
    wusr: bit(0o200),
    rusr: bit(0o400),
    xusr: bit(0o100),
    wgrp: bit(0o020),
    rgrp: bit(0o040),
    xgrp: bit(0o010),
    woth: bit(0o002),
    roth: bit(0o004),
    xoth: bit(0o001),
    isuid: bit(0o4000),
    isgid: bit(0o2000),
  };
}
