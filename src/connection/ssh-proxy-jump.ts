/**
 * Jump hosts as Ansible users write them: `ansible_ssh_common_args: -o ProxyJump=user@bastion:2222`,
 * `-J user@bastion`, or the older `-o ProxyCommand="ssh -W %h:%p -q user@bastion"`.
 */

export interface JumpHop {
  user: string | undefined;
  host: string;
  port: number;
}

/** Extracts the jump host spec ("user@host:port[,…]") from ssh command-line arguments, if any. */
export function parseProxyJump(commonArgs: string): string | undefined {
  const words = splitShellWords(commonArgs);
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-J') found = words[++i];
    else if (w.startsWith('-J')) found = w.slice(2);
    else if (w === '-o' || w.startsWith('-o')) {
      const option = w === '-o' ? (words[++i] ?? '') : w.slice(2);
      const value = optionValue(option, 'proxyjump');
      const command = optionValue(option, 'proxycommand');
      if (value !== undefined) found = value;
      else if (command !== undefined) found = jumpFromProxyCommand(command) ?? found;
    }
  }
  return found === undefined || found.toLowerCase() === 'none' || found === '' ? undefined : found;
}

/** Parses "user@host:port,user2@host2" (and `ssh://user@host:port`, `[::1]:22`) into hops. */
export function parseJumpHops(spec: string): JumpHop[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseHop);
}

function parseHop(text: string): JumpHop {
  let rest = text.startsWith('ssh://') ? text.slice('ssh://'.length) : text;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at) || undefined;
    rest = rest.slice(at + 1);
  }
  let host = rest;
  let port = 22;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else {
    const colon = rest.lastIndexOf(':');
    // More than one colon without brackets is a bare IPv6 address, not host:port.
    if (colon >= 0 && rest.indexOf(':') === colon) {
      host = rest.slice(0, colon);
      port = Number(rest.slice(colon + 1));
    }
  }
  if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`invalid jump host "${text}" (expected user@host:port)`);
  }
  return { user, host, port };
}

function optionValue(option: string, name: string): string | undefined {
  const m = /^([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/s.exec(option.trim());
  if (!m || m[1]?.toLowerCase() !== name) return undefined;
  return (m[2] ?? '').trim();
}

/** `ssh -W %h:%p [-p port] [-l user] [-i key] [-q] user@bastion` → "user@bastion:port". */
function jumpFromProxyCommand(command: string): string | undefined {
  const words = splitShellWords(command);
  if (!/(^|\/)ssh$/.test(words[0] ?? '') || !words.includes('-W')) return undefined;
  const withArgument = new Set(['-W', '-p', '-l', '-i', '-o', '-F', '-J', '-b', '-c', '-m', '-E', '-S', '-L', '-R', '-D']);
  let port: string | undefined;
  let user: string | undefined;
  let dest: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] ?? '';
    if (withArgument.has(w)) {
      const arg = words[++i];
      if (w === '-p') port = arg;
      if (w === '-l') user = arg;
    } else if (!w.startsWith('-') && dest === undefined) dest = w;
  }
  if (dest === undefined) return undefined;
  const withUser = user !== undefined && !dest.includes('@') ? `${user}@${dest}` : dest;
  return port === undefined ? withUser : `${withUser}:${port}`;
}

/** Splits like a POSIX shell does for simple words: whitespace, '…', "…" and backslash escapes. */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quoteChar: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quoteChar === "'") {
      if (c === "'") quoteChar = undefined;
      else current += c;
    } else if (quoteChar === '"') {
      if (c === '"') quoteChar = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) current += text[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quoteChar = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
