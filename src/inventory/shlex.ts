/**
 * Splits an INI host line into words the way Python's shlex.split(line, comments=True) does in
 * POSIX mode, which is what Ansible uses: quotes group words and are removed, a backslash escapes
 * the next character, and an unquoted `#` starts a comment that runs to the end of the line.
 */

export class ShlexError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the line where the problem starts. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ShlexError';
  }
}

export interface ShlexWord {
  text: string;
  /** 0-based offset of the word's first character in the line. */
  offset: number;
}

export function shlexSplit(line: string): ShlexWord[] {
  const words: ShlexWord[] = [];
  let current: string | undefined;
  let start = 0;
  let i = 0;
  const begin = (): void => {
    if (current === undefined) {
      current = '';
      start = i;
    }
  };
  while (i < line.length) {
    const c = line.charAt(i);
    if (/\s/.test(c)) {
      if (current !== undefined) words.push({ text: current, offset: start });
      current = undefined;
      i++;
    } else if (c === '#') {
      break;
    } else if (c === "'") {
      begin();
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError('no closing quotation', i);
      current += line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      begin();
      const open = i;
      i++;
      for (;;) {
        if (i >= line.length) throw new ShlexError('no closing quotation', open);
        const d = line.charAt(i);
        if (d === '"') break;
        // Inside double quotes a backslash only escapes `"` and `\`.
        if (d === '\\' && (line.charAt(i + 1) === '"' || line.charAt(i + 1) === '\\')) {
          current += line.charAt(i + 1);
          i += 2;
          continue;
        }
        current += d;
        i++;
      }
      i++;
    } else if (c === '\\') {
      begin();
      if (i + 1 >= line.length) throw new ShlexError('no escaped character', i);
      current += line.charAt(i + 1);
      i += 2;
    } else {
      begin();
      current += c;
      i++;
    }
  }
  if (current !== undefined) words.push({ text: current, offset: start });
  return words;
}
