/**
 * POSIX-mode shlex.split, as Ansible's command module uses to turn "cmd arg 'two words'" into
 * argv (comments=False, like Ansible). Quotes and backslashes are removed; nothing else ($,
 * globs, pipes, #) is interpreted.
 */
export class ShlexError extends Error {}

export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError('No closing quotation');
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new ShlexError('No closing quotation');
        const d = text[i] ?? '';
        if (d === '"') break;
        // Inside double quotes a backslash only escapes ", \, $, ` and newline.
        if (d === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1] ?? '')) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new ShlexError('No escaped character');
      if (text[i + 1] !== '\n') word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
