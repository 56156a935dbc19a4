/**
 * Ansible's `key=value` argument strings ("dest=/etc/x mode=0644", "echo hi creates=/tmp/x").
 * Quotes group words; `{{ … }}` is kept whole even with spaces inside.
 */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const two = text.slice(i, i + 2);
    if (!quote && (two === '{{' || two === '{%')) {
      depth++;
      cur += two;
      i++;
      has = true;
      continue;
    }
    if (!quote && depth > 0 && (two === '}}' || two === '%}')) {
      depth--;
      cur += two;
      i++;
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"' && i + 1 < text.length) {
        cur += c + (text[i + 1] as string);
        i++;
      } else {
        cur += c;
        if (c === quote) quote = null;
      }
      continue;
    }
    if ((c === '"' || c === "'") && depth === 0) {
      quote = c;
      cur += c;
      has = true;
      continue;
    }
    if (/\s/.test(c) && depth === 0) {
      if (has) words.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
    has = true;
  }
  if (quote) throw new Error(`unbalanced ${quote} quote in "${text}"`);
  if (has) words.push(cur);
  return words;
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    const inner = v.slice(1, -1);
    return v[0] === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
  }
  return v;
}

/** `key=value`; the key may be a template (`set_fact: "{{ item }}=moo"`), rendered when the task runs. */
const KV = /^([A-Za-z_][A-Za-z0-9_]*|\{\{.*?\}\})=(.*)$/s;

/**
 * Parses a k=v string. For free-form modules (command, shell, raw, …) the words that are not
 * one of `freeFormKeys` stay in `_raw_params`, as Ansible does.
 */
export function parseKv(text: string, freeFormKeys?: ReadonlySet<string>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const rest: string[] = [];
  for (const word of splitArgs(text)) {
    const m = KV.exec(word);
    if (m && (!freeFormKeys || freeFormKeys.has(m[1] as string))) args[m[1] as string] = unquote(m[2] as string);
    else if (freeFormKeys) rest.push(word);
    else throw new Error(`"${word}" is not of the form key=value`);
  }
  if (freeFormKeys && rest.length) args._raw_params = rest.join(' ');
  return args;
}

/** Keys Ansible pulls out of a free-form command string. */
export const FREE_FORM_KEYS = new Set(['chdir', 'creates', 'removes', 'executable', 'stdin', 'stdin_add_newline', 'strip_empty_ends', 'warn']);
