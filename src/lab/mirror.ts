import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlayError } from '../errors.js';

/**
 * The base image is downloaded from the Debian mirror this machine's apt already uses, so the
 * lab never reaches a host the administrator did not choose.
 */

export interface AptSourceEntry {
  file: string;
  uri: string;
  suites: string[];
}

/** One-line format: `deb [options] URI suite component…` (comments and deb-src skipped). */
export function parseSourcesList(text: string, file: string): AptSourceEntry[] {
  const entries: AptSourceEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m?.[1] && m[2]) entries.push({ file, uri: m[1], suites: [m[2]] });
  }
  return entries;
}

/** deb822 format (`*.sources`): paragraphs of `Field: value` with continuation lines. */
export function parseDeb822Sources(text: string, file: string): AptSourceEntry[] {
  const entries: AptSourceEntry[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('#')) continue;
      const cont = /^\s+(\S.*)$/.exec(line);
      if (cont?.[1] && last) {
        fields.set(last, `${fields.get(last) ?? ''} ${cont[1]}`);
        continue;
      }
      const kv = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (kv?.[1]) {
        last = kv[1].toLowerCase();
        fields.set(last, kv[2] ?? '');
      }
    }
    const types = (fields.get('types') ?? '').split(/\s+/);
    if (!types.includes('deb') || (fields.get('enabled') ?? 'yes').trim().toLowerCase() === 'no') continue;
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) entries.push({ file, uri, suites });
  }
  return entries;
}

/**
 * The main Debian archive among the entries: not the security archive (a different tree
 * without sid), and preferably a URI whose path is the conventional `/debian`.
 */
export function pickDebianMirror(entries: readonly AptSourceEntry[]): string | undefined {
  const candidates = entries.filter(
    (e) =>
      /^(https?|file):/.test(e.uri) &&
      !/security/i.test(e.uri) &&
      !e.suites.some((s) => s.endsWith('-security')),
  );
  const conventional = candidates.find((e) => /\/debian\/?$/.test(e.uri));
  return (conventional ?? candidates[0])?.uri.replace(/\/+$/, '');
}

/** Reads /etc/apt/sources.list and sources.list.d/*.{list,sources} and picks the Debian mirror. */
export async function findDebianMirror(aptDir = '/etc/apt'): Promise<string> {
  const entries: AptSourceEntry[] = [];
  const main = join(aptDir, 'sources.list');
  const text = await readFile(main, 'utf8').catch(() => undefined);
  if (text !== undefined) entries.push(...parseSourcesList(text, main));
  const partsDir = join(aptDir, 'sources.list.d');
  const parts = await readdir(partsDir).catch(() => [] as string[]);
  for (const name of parts.sort()) {
    const file = join(partsDir, name);
    if (name.endsWith('.list')) entries.push(...parseSourcesList(await readFile(file, 'utf8'), file));
    else if (name.endsWith('.sources')) entries.push(...parseDeb822Sources(await readFile(file, 'utf8'), file));
  }
  const mirror = pickDebianMirror(entries);
  if (!mirror)
    throw new PlayError('LAB_NO_MIRROR', `no Debian mirror found in ${aptDir}/sources.list{,.d}`, {
      source: { file: main },
      hint: 'pass --mirror URL (or set PLAY_LAB_MIRROR) to the Debian archive the lab should use',
    });
  return mirror;
}
