/** One `key = value` line of an INI file. */
export interface IniEntry {
  section: string;
  key: string;
  value: string;
  line: number;
}

/**
 * Python's configparser as Ansible uses it (ansible.cfg, facts.d `.fact` files): `[section]`,
 * `key = value` or `key: value` (keys lower-cased), whole-line comments with # or ;, inline
 * comments after " ;", indented lines continuing a value. Not INI: the first bad line.
 */
export function parseIni(text: string): { entries: IniEntry[] } | { error: { line: number; message: string } } {
  const entries: IniEntry[] = [];
  let section: string | undefined;
  let last: IniEntry | undefined;
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value}\n${raw.trim()}`;
      continue;
    }
    const head = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (head) {
      section = (head[1] as string).trim();
      last = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) return { error: { line, message: 'not a "key = value" line' } };
    if (section === undefined) return { error: { line, message: 'a setting before any [section]' } };
    last = { section, key: (kv[1] as string).trim().toLowerCase(), value: (kv[2] as string).replace(/\s;.*$/, '').trim(), line };
    entries.push(last);
  }
  return { entries };
}
