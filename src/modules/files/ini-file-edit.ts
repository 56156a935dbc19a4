/**
 * The text edit behind ini_file, on lines (without their newlines). Ansible's rules, plus what
 * Asterisk's .conf files need: `[name](template)` section headers, `option => value` lines kept
 * with their `=>`, and repeated options (`allow=ulaw`, `allow=alaw`) through `values`.
 */
export interface IniEdit {
  lines: string[];
  changed: boolean;
  msg: string;
}

export interface IniRequest {
  section: string | undefined; // undefined: before the first section
  option: string | undefined;
  values: string[] | undefined; // undefined: option without value (allow_no_value) or "any value"
  state: 'present' | 'absent';
  exclusive: boolean;
  noExtraSpaces: boolean;
  allowNoValue: boolean;
  modifyInactive: boolean;
}

const HEADER = /^\s*\[([^\]]+)\]/;

function sectionOf(line: string): string | undefined {
  return HEADER.exec(line)?.[1]?.trim();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface OptionLine {
  index: number;
  value: string | undefined;
  arrow: boolean;
  inactive: boolean;
}

function optionMatcher(option: string, modifyInactive: boolean): RegExp {
  const comment = modifyInactive ? '([#;]\\s*)?' : '()';
  return new RegExp(`^\\s*${comment}${escape(option)}\\s*(=>|=)?\\s*(.*?)\\s*$`);
}

export function editIni(lines: string[], req: IniRequest): IniEdit {
  const out = [...lines];
  // the section's range: [start, end) where start is the header (or 0 for the top level)
  let start = -1;
  if (req.section === undefined) start = 0;
  else start = out.findIndex((l) => sectionOf(l) === req.section);
  let end = out.length;
  if (start >= 0) {
    const from = req.section === undefined ? 0 : start + 1;
    const next = out.findIndex((l, i) => i >= from && sectionOf(l) !== undefined);
    end = next < 0 ? out.length : next;
  }

  if (req.state === 'absent') {
    if (start < 0) return { lines: out, changed: false, msg: 'OK' };
    if (req.option === undefined) {
      if (req.section === undefined) return { lines: out, changed: false, msg: 'OK' };
      out.splice(start, end - start);
      return { lines: out, changed: true, msg: 'section removed' };
    }
    const matcher = optionMatcher(req.option, false);
    let removed = 0;
    for (let i = end - 1; i >= (req.section === undefined ? 0 : start + 1); i--) {
      const m = matcher.exec(out[i] ?? '');
      if (!m || (m[2] === undefined && m[3] !== '')) continue;
      if (req.values !== undefined && !req.values.includes(m[3] ?? '')) continue;
      out.splice(i, 1);
      removed++;
    }
    return { lines: out, changed: removed > 0, msg: removed ? 'option changed' : 'OK' };
  }

  // present
  const values = req.values;
  const render = (value: string | undefined, arrow: boolean): string => {
    if (value === undefined) return req.option ?? '';
    const op = arrow ? '=>' : '=';
    return req.noExtraSpaces ? `${req.option}${op}${value}` : `${req.option} ${op} ${value}`;
  };
  if (start < 0) {
    // a new section at the end, separated by a blank line from what is there
    if (out.length > 0 && (out[out.length - 1] ?? '').trim() !== '') out.push('');
    out.push(`[${req.section}]`);
    if (req.option !== undefined) for (const v of values ?? [undefined]) out.push(render(v, false));
    return { lines: out, changed: true, msg: 'section and option added' };
  }
  if (req.option === undefined) return { lines: out, changed: false, msg: 'OK' };

  const matcher = optionMatcher(req.option, req.modifyInactive);
  const found: OptionLine[] = [];
  for (let i = req.section === undefined ? 0 : start + 1; i < end; i++) {
    const m = matcher.exec(out[i] ?? '');
    if (!m) continue;
    if (m[2] === undefined && (m[3] ?? '') !== '') continue; // "optionfoo" is another option
    found.push({ index: i, value: m[2] === undefined ? undefined : (m[3] ?? ''), arrow: m[2] === '=>', inactive: (m[1] ?? '') !== '' });
  }
  const wanted = values ?? (req.allowNoValue ? [undefined] : []);
  const arrow = found.some((f) => f.arrow && !f.inactive);
  const toRemove = new Set<number>();
  const satisfied = new Set<number>(); // indexes into wanted
  // active lines already holding a wanted value stay
  for (const f of found) {
    if (f.inactive) continue;
    const w = wanted.findIndex((v, k) => !satisfied.has(k) && v === f.value);
    if (w >= 0) satisfied.add(w);
    else if (req.exclusive) toRemove.add(f.index);
  }
  const missing = wanted.filter((_v, k) => !satisfied.has(k));
  let changed = false;
  // reuse lines being removed (then inactive ones) for missing values, in place
  const reusable = [...found.filter((f) => toRemove.has(f.index)), ...found.filter((f) => f.inactive)].map((f) => f.index);
  const replaced = new Map<number, string>();
  const rest: (string | undefined)[] = [];
  for (const v of missing) {
    const slot = reusable.shift();
    if (slot === undefined) rest.push(v);
    else {
      replaced.set(slot, render(v, arrow));
      toRemove.delete(slot);
    }
  }
  for (const [i, text] of replaced) {
    if (out[i] !== text) {
      out[i] = text;
      changed = true;
    }
  }
  // new lines after the section's last non-blank line
  if (rest.length) {
    let at = end;
    while (at > start + 1 && (out[at - 1] ?? '').trim() === '') at--;
    if (req.section === undefined && start === 0 && end === 0) at = 0;
    out.splice(at, 0, ...rest.map((v) => render(v, arrow)));
    changed = true;
    for (const i of [...toRemove]) if (i >= at) {
      toRemove.delete(i);
      toRemove.add(i + rest.length);
    }
  }
  for (const i of [...toRemove].sort((a, b) => b - a)) {
    out.splice(i, 1);
    changed = true;
  }
  return { lines: out, changed, msg: changed ? (found.length ? 'option changed' : 'option added') : 'OK' };
}
