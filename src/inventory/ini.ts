/**
 * INI inventories, read line by line as Ansible's ini plugin does: hosts before any section are
 * ungrouped, `[g]` lists hosts (with inline `key=value` vars), `[g:vars]` sets group vars,
 * `[g:children]` nests groups. Values are Python literals when they parse as one.
 */
import { ParseError, type SourcePos } from '../errors.js';
import { parseAddress } from './address.js';
import type { InventoryData } from './data.js';
import { iniValue } from '../util/python-literal.js';
import { expandHostRange, HostRangeError } from './range.js';
import { shlexSplit, ShlexError } from './shlex.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:[#;].*)?$/;

interface PendingDeclaration {
  line: number;
  kind: 'vars' | 'children';
  parents: string[];
}

export function parseIniInventory(text: string, file: string, data: InventoryData): void {
  const lines = text.split(/\r?\n/);
  const pending = new Map<string, PendingDeclaration>();
  let group = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const col = rawLine.indexOf(line.charAt(0)) + 1;
    const at = (offset = 0): SourcePos => ({ file, line: lineNo, col: col + offset });

    const section = SECTION.exec(line);
    if (section) {
      group = section[1] ?? '';
      const tag = section[2] ?? 'hosts';
      if (tag !== 'hosts' && tag !== 'vars' && tag !== 'children') {
        throw new ParseError('INVENTORY_INVALID', `section [${group}:${tag}] has unknown type '${tag}'`, {
          source: at(),
          hint: 'a section is [group], [group:vars] or [group:children]',
        });
      }
      kind = tag;
      // [g:vars] alone does not declare g; it must be declared by [g] or [g:children] somewhere.
      if (!data.groups.has(group) && kind === 'vars' && !pending.has(group)) {
        pending.set(group, { line: lineNo, kind: 'vars', parents: [] });
      }
      data.addGroup(group);
      const waiting = pending.get(group);
      if (waiting && kind !== 'vars') {
        if (waiting.kind === 'children') addPendingChildren(group, pending, data, file);
        else pending.delete(group);
      }
      return;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      throw new ParseError('INVENTORY_INVALID', `invalid section entry '${line}'`, {
        source: at(),
        hint: 'section names cannot contain spaces: [group], [group:vars] or [group:children]',
      });
    }

    if (kind === 'hosts') parseHostLine(line, group, data, file, at);
    else if (kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) {
        throw new ParseError('INVENTORY_INVALID', `expected key=value in [${group}:vars], got '${line}'`, {
          source: at(),
          hint: 'each line of a :vars section is one variable: name=value',
        });
      }
      data.setGroupVar(group, line.slice(0, eq).trim(), iniValue(line.slice(eq + 1).trim()), at());
    } else {
      const child = GROUP_NAME.exec(line)?.[1];
      if (child === undefined) {
        throw new ParseError('INVENTORY_INVALID', `expected a group name in [${group}:children], got '${line}'`, {
          source: at(),
          hint: 'a :children section lists one group name per line',
        });
      }
      if (data.groups.has(child)) data.addChild(group, child, at());
      else {
        const waiting = pending.get(child);
        if (waiting) waiting.parents.push(group);
        else pending.set(child, { line: lineNo, kind: 'children', parents: [group] });
      }
    }
  });

  for (const [name, decl] of pending) {
    const source = { file, line: decl.line, col: 1 };
    if (decl.kind === 'vars') {
      throw new ParseError('INVENTORY_UNDEFINED_GROUP', `section [${name}:vars] is for a group that is never declared`, {
        source,
        hint: `declare the group with a [${name}] or [${name}:children] section`,
      });
    }
    const parent = decl.parents[decl.parents.length - 1] ?? '?';
    throw new ParseError('INVENTORY_UNDEFINED_GROUP', `section [${parent}:children] names undefined group '${name}'`, {
      source,
      hint: `add a [${name}] section (it may be empty)`,
    });
  }
}

function addPendingChildren(group: string, pending: Map<string, PendingDeclaration>, data: InventoryData, file: string): void {
  const decl = pending.get(group);
  if (!decl) return;
  pending.delete(group);
  for (const parent of decl.parents) {
    data.addChild(parent, group, { file, line: decl.line, col: 1 });
    if (pending.get(parent)?.kind === 'children') addPendingChildren(parent, pending, data, file);
  }
}

/** `web[1:3]:2222 ansible_user=root x="a b"  # comment` */
function parseHostLine(line: string, group: string, data: InventoryData, file: string, at: (offset?: number) => SourcePos): void {
  let words;
  try {
    words = shlexSplit(line);
  } catch (err) {
    if (!(err instanceof ShlexError)) throw err;
    throw new ParseError('INVENTORY_INVALID', `cannot parse host line: ${err.message}`, {
      source: at(err.offset),
      hint: 'close the quote, or escape it with a backslash',
    });
  }
  const [first, ...rest] = words;
  if (!first) return;
  if (first.text === '---') {
    throw new ParseError('INVENTORY_INVALID', "host '---' looks like the start of a YAML document", {
      source: at(first.offset),
      hint: 'name YAML inventories with a .yml or .yaml extension',
    });
  }
  const address = parseAddress(first.text);
  if (!address && first.text.endsWith(':')) {
    throw new ParseError('INVENTORY_INVALID', `host '${first.text}' ends in ':' without a port`, {
      source: at(first.offset),
      hint: "':' after a host name introduces its port, e.g. web1:2222",
    });
  }
  let names: string[];
  try {
    names = expandHostRange(address?.host ?? first.text);
  } catch (err) {
    if (!(err instanceof HostRangeError)) throw err;
    throw new ParseError('INVENTORY_BAD_RANGE', err.message, {
      source: at(first.offset),
      hint: 'ranges look like web[1:3], web[01:10], db[a:c] or web[1:9:2]',
    });
  }
  const vars: [string, unknown][] = [];
  for (const word of rest) {
    const eq = word.text.indexOf('=');
    if (eq < 0) {
      throw new ParseError('INVENTORY_INVALID', `expected key=value host variable, got '${word.text}'`, {
        source: at(word.offset),
        hint: 'quote values that contain spaces: key="a b"',
      });
    }
    vars.push([word.text.slice(0, eq), iniValue(word.text.slice(eq + 1))]);
  }
  for (const name of names) {
    data.addHost(name, group, file, address?.port);
    for (const [key, value] of vars) data.setHostVar(name, key, value);
  }
}
