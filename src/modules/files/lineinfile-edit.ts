/**
 * lineinfile's edit, computed on the controller with Ansible's exact rules (modules/lineinfile.py
 * present()/absent()): lines are bytes split after "\n"; the last match wins unless firstmatch;
 * insertafter/insertbefore are only used when regexp/search_string matched nothing; an anchor
 * that matches no line means EOF; backrefs without a match changes nothing.
 */
import { expandPythonTemplate } from './python-regex.js';

export interface LineEdit {
  lines: Buffer[];
  changed: boolean;
  msg: string;
  found?: number;
}

export interface PresentArgs {
  regexp?: RegExp | undefined;
  searchString?: string | undefined;
  line: string;
  insertafter?: string | undefined;
  insertbefore?: string | undefined;
  /** Compiled insertafter/insertbefore pattern (not for BOF/EOF). */
  anchor?: RegExp | undefined;
  backrefs: boolean;
  firstmatch: boolean;
}

const NL = Buffer.from('\n');

/** Python's readlines(): split after every "\n", keeping it. */
export function readLines(content: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = content.indexOf(10); i >= 0; i = content.indexOf(10, start)) {
    lines.push(content.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < content.length) lines.push(content.subarray(start));
  return lines;
}

/** Text a pattern is matched against: the line without its "\n" (Python's $ matches before it). */
function text(line: Buffer): string {
  return (line[line.length - 1] === 10 ? line.subarray(0, -1) : line).toString('utf8');
}

function stripEol(line: Buffer): Buffer {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 10 || line[end - 1] === 13)) end--;
  return line.subarray(0, end);
}

function endsWithEol(line: Buffer | undefined): boolean {
  const last = line?.[line.length - 1];
  return last === 10 || last === 13;
}

export function present(input: readonly Buffer[], a: PresentArgs): LineEdit {
  const lines = [...input];
  const bLine = Buffer.from(a.line, 'utf8');
  const withNl = (b: Buffer) => Buffer.concat([b, NL]);
  let index0 = -1;
  let index1 = -1;
  let match: RegExpExecArray | true | undefined;

  if (a.regexp) {
    for (const [n, cur] of lines.entries()) {
      a.regexp.lastIndex = 0;
      const m = a.regexp.exec(text(cur));
      if (m) {
        index0 = n;
        match = m;
        if (a.firstmatch) break;
      }
    }
  }
  if (a.searchString !== undefined) {
    const needle = Buffer.from(a.searchString, 'utf8');
    for (const [n, cur] of lines.entries()) {
      if (cur.includes(needle)) {
        index0 = n;
        match = true;
        if (a.firstmatch) break;
      }
    }
  }
  if (!match) {
    for (const [n, cur] of lines.entries()) {
      if (bLine.equals(stripEol(cur))) {
        index0 = n;
      } else if (a.anchor && (a.anchor.lastIndex = 0, a.anchor.test(text(cur)))) {
        if (a.insertafter) {
          index1 = n + 1;
          if (a.firstmatch) break;
        }
        if (a.insertbefore) {
          index1 = n;
          if (a.firstmatch) break;
        }
      }
    }
  }

  const added = (ls: Buffer[]): LineEdit => ({ lines: ls, changed: true, msg: 'line added' });
  if (index0 !== -1) {
    // (Ansible's branch for "no regexp, no match, no exact line" here can never run: index0 is
    // only set by one of those.)
    let newLine = a.backrefs && match && match !== true ? Buffer.from(expandPythonTemplate(a.line, match), 'utf8') : bLine;
    if (!endsWithNl(newLine)) newLine = withNl(newLine);
    if (!lines[index0]?.equals(newLine)) {
      lines[index0] = newLine;
      return { lines, changed: true, msg: 'line replaced' };
    }
    return { lines, changed: false, msg: '' };
  }
  if (a.backrefs) return { lines, changed: false, msg: '' }; // nothing safe to generate without a match
  if (a.insertbefore === 'BOF' || a.insertafter === 'BOF') {
    lines.unshift(withNl(bLine));
    return added(lines);
  }
  if (a.insertafter === 'EOF' || index1 === -1) {
    if (lines.length > 0 && !endsWithEol(lines[lines.length - 1])) lines.push(NL);
    lines.push(withNl(bLine));
    return added(lines);
  }
  if (a.insertafter) {
    if (lines.length === index1) {
      const prev = lines[index1 - 1];
      if (prev && !stripEol(prev).equals(bLine)) {
        // Ansible appends straight after a last line without "\n" and glues the two lines
        // together; the newline is added first here, as the EOF case does.
        if (!endsWithEol(prev)) lines.push(NL);
        lines.push(withNl(bLine));
        return added(lines);
      }
    } else if (!stripEol(lines[index1] ?? Buffer.alloc(0)).equals(bLine)) {
      lines.splice(index1, 0, withNl(bLine));
      return added(lines);
    }
    return { lines, changed: false, msg: '' };
  }
  lines.splice(index1, 0, withNl(bLine));
  return added(lines);
}

function endsWithNl(b: Buffer): boolean {
  return b[b.length - 1] === 10;
}

export interface AbsentArgs {
  regexp?: RegExp | undefined;
  searchString?: string | undefined;
  line?: string | undefined;
}

export function absent(input: readonly Buffer[], a: AbsentArgs): LineEdit {
  const bLine = a.line === undefined ? undefined : Buffer.from(a.line, 'utf8');
  const needle = a.searchString === undefined ? undefined : Buffer.from(a.searchString, 'utf8');
  let found = 0;
  const lines = input.filter((cur) => {
    let hit: boolean;
    if (a.regexp) {
      a.regexp.lastIndex = 0;
      hit = a.regexp.test(text(cur));
    } else if (needle) hit = cur.includes(needle);
    else hit = bLine !== undefined && bLine.equals(stripEol(cur));
    if (hit) found++;
    return !hit;
  });
  return { lines, changed: found > 0, msg: found > 0 ? `${found} line(s) removed` : '', found };
}
