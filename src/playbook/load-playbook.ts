import path from 'node:path';
import { ParseError, type SourcePos } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { INHERITABLE, PLAY_KEYWORDS } from './keywords.js';
import { idCounter, parseItems, toList, toStringList, type LoadContext } from './load-tasks.js';
import { loadVarsKeyword } from './vars-keyword.js';
import type { Vars } from '../template/types.js';
import type { Inheritable, Item, Play, Playbook, RoleInstance, Scope } from './model.js';
import { checkBooleanKeywords } from './check-task.js';
import { markHandlers } from './dynamic.js';
import { expandRole, parentRoleParams, notePlayRole, parseRoleEntry, type PlayRoleNames, type RoleLoader } from './roles.js';
import { itemPosOf, keyPosOf, loadYamlFile, posOf } from './yaml.js';
import { loadVarsFiles } from './vars-files.js';
import { Templar } from '../template/index.js';

export interface LoadOptions {
  /** Extra role directories (play.config.yml roles_path), searched after the playbook's roles/. */
  rolesPath?: readonly string[];
  /** -e variables, for import_role/import_tasks names that are templates (rendered at load, as Ansible does). */
  extraVars?: Vars;
}

/** Loads and validates a whole playbook (and what it imports) before any host is touched. */
export async function loadPlaybook(file: string, opts: LoadOptions = {}, chain: string[] = [], nextId = idCounter()): Promise<Playbook> {
  const abs = path.resolve(file);
  if (chain.includes(abs)) {
    throw new ParseError('RECURSIVE_IMPORT', `recursive import_playbook of ${abs}`, { source: { file: abs }, hint: 'a playbook imports itself' });
  }
  return playbookFromData(await loadYamlFile(abs), abs, opts, chain, nextId);
}

/** Builds a playbook from already-parsed data (ad-hoc runs build theirs in memory). */
export async function playbookFromData(data: unknown, abs: string, opts: LoadOptions = {}, chain: string[] = [], nextId = idCounter()): Promise<Playbook> {
  const dir = path.dirname(abs);
  if (!Array.isArray(data)) {
    throw new ParseError('PLAYBOOK_NOT_LIST', 'a playbook must be a list of plays', {
      source: posOf(data) ?? { file: abs, line: 1, col: 1 },
      hint: 'start with "- hosts: all"',
    });
  }
  const plays: Play[] = [];
  for (const entry of data) {
    const pos = posOf(entry) ?? { file: abs };
    if (entry && typeof entry === 'object' && 'import_playbook' in entry) {
      const raw = entry as Record<string, unknown>;
      const target = String(raw.import_playbook);
      const sub = await loadPlaybook(path.resolve(dir, target), opts, [...chain, abs], nextId);
      plays.push(...applyImportKeywords(raw, sub.plays, pos));
      continue;
    }
    plays.push(await loadPlay(entry, abs, dir, opts, pos, nextId));
  }
  return { path: abs, dir, plays };
}

const IMPORT_PLAYBOOK_KEYS = new Set(['import_playbook', 'name', 'vars', 'tags', 'when']);

/** import_playbook's vars (over each play's own), tags (added) and when (before each task's), as Ansible's PlaybookInclude. */
function applyImportKeywords(raw: Record<string, unknown>, plays: Play[], pos: SourcePos): Play[] {
  for (const key of Object.keys(raw)) {
    if (!IMPORT_PLAYBOOK_KEYS.has(key)) {
      throw new ParseError('UNKNOWN_KEYWORD', `'${key}' is not a valid keyword for import_playbook`, { source: keyPosOf(raw, key) ?? pos, hint: 'import_playbook takes vars, tags and when' });
    }
  }
  const vars = loadVarsKeyword(raw, pos, 'import_playbook');
  const tags = toStringList(raw.tags);
  const when = toList(raw.when);
  for (const play of plays) {
    if (Object.keys(vars).length) play.kw.vars = { ...(play.kw.vars ?? {}), ...vars };
    if (tags.length) play.kw.tags = [...new Set([...(play.kw.tags ?? []), ...tags])];
    if (when.length) play.kw.when = [...when, ...(play.kw.when ?? [])];
  }
  return plays;
}

/** vars_prompt entries: mappings with a name (and prompt, default, private, confirm…). */
function loadVarsPrompt(raw: Record<string, unknown>, pos: SourcePos): Record<string, unknown>[] {
  const list = toList(raw.vars_prompt);
  return list.map((e) => {
    if (!e || typeof e !== 'object' || Array.isArray(e) || typeof (e as Record<string, unknown>).name !== 'string') {
      throw new ParseError('BAD_VARS_PROMPT', 'each vars_prompt entry needs a name', { source: keyPosOf(raw, 'vars_prompt') ?? pos, hint: 'vars_prompt:\n  - name: release\n    prompt: Which release?' });
    }
    const entry = e as Record<string, unknown>;
    for (const key of ['encrypt', 'confirm', 'salt_size', 'salt', 'unsafe']) {
      if (key in entry) throw new ParseError('UNSUPPORTED_KEYWORD', `vars_prompt: '${key}' is not supported`, { source: keyPosOf(entry, key) ?? pos, hint: 'play asks for the value as typed (name, prompt, default, private)' });
    }
    return entry;
  });
}

async function loadPlay(entry: unknown, file: string, dir: string, opts: LoadOptions, pos: SourcePos, nextId: () => number): Promise<Play> {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ParseError('PLAY_NOT_MAPPING', 'a play must be a mapping', { source: pos, hint: '- hosts: all\n    tasks: …' });
  }
  const raw = entry as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!PLAY_KEYWORDS.has(key)) {
      throw new ParseError('UNKNOWN_PLAY_KEYWORD', `'${key}' is not a valid keyword for a play`, {
        source: keyPosOf(raw, key),
        hint: didYouMean(key, PLAY_KEYWORDS) ?? 'tasks belong under "tasks:"',
      });
    }
  }
  if (raw.hosts === undefined || raw.hosts === null || raw.hosts === '') {
    throw new ParseError('PLAY_NO_HOSTS', 'the play has no "hosts:"', { source: pos, hint: 'add "hosts: all" or a group name' });
  }
  checkBooleanKeywords(raw, pos, 'play');
  if (raw.order !== undefined && raw.order !== 'inventory') {
    throw new ParseError('UNSUPPORTED_KEYWORD', `host order '${String(raw.order)}' is not supported`, { source: keyPosOf(raw, 'order') ?? pos, hint: 'play runs hosts in inventory order: drop order' });
  }
  if (raw.strategy !== undefined && raw.strategy !== 'linear') {
    throw new ParseError('UNSUPPORTED_KEYWORD', `strategy '${String(raw.strategy)}' is not supported`, { source: keyPosOf(raw, 'strategy') ?? pos, hint: 'play runs each task on all hosts before the next (linear): drop strategy' });
  }
  const kw: Inheritable = {};
  for (const key of INHERITABLE) {
    if (!(key in raw)) continue;
    if (key === 'when') kw.when = toList(raw.when);
    else if (key === 'tags') kw.tags = toStringList(raw.tags);
    else if (key === 'vars') kw.vars = loadVarsKeyword(raw, pos, 'play');
    else (kw as Record<string, unknown>)[key] = raw[key];
  }
  const scope: Scope = { kw, parent: undefined, role: undefined };
  let varsFilesVars: Promise<Vars> | undefined;
  const loader: RoleLoader = {
    searchPaths: [path.join(dir, 'roles'), dir, ...(opts.rolesPath ?? [])],
    seen: new Set(),
    instances: [],
  };
  const roleNames: PlayRoleNames = { play: [], dependent: [] };
  const lctx: LoadContext = {
    playbookDir: dir,
    chain: [file],
    nextId,
    parentRoleParams,
    ...(opts.extraVars ? { extraVars: opts.extraVars } : {}),
    varsFilesVars: () => (varsFilesVars ??= loadVarsFiles({ varsFiles: toList(raw.vars_files), kw, dir, pos }, new Templar(), opts.extraVars ?? {}, true)),
    importRole: async (name, o) => {
      const { instance, items } = await expandRole(name, { kw: {}, ...o, fromInclude: true }, loader, lctx);
      notePlayRole(roleNames, instance);
      return items;
    },
  };
  const roleItems: Item[] = [];
  const roleList = toList(raw.roles);
  for (const [i, r] of roleList.entries()) {
    const entryInfo = parseRoleEntry(r, itemPosOf(roleList, i) ?? pos);
    const { instance, items } = await expandRole(entryInfo.name, { ...entryInfo, scope }, loader, lctx);
    notePlayRole(roleNames, instance);
    roleItems.push(...items);
  }
  const rolesSection = loader.instances.length;
  const preTasks = await parseItems(raw.pre_tasks, file, scope, lctx);
  const tasks = await parseItems(raw.tasks, file, scope, lctx);
  const postTasks = await parseItems(raw.post_tasks, file, scope, lctx);
  const handlers = await parseItems(raw.handlers, file, scope, { ...lctx, inHandlers: 'top' });
  // Ansible's handler order: the roles: section's roles (dependencies first), the play's own,
  // then those of roles brought in by import_role
  const handlersOf = (rs: RoleInstance[]): Item[] => rs.flatMap((r) => r.handlers);
  const allHandlers = [...handlersOf(loader.instances.slice(0, rolesSection)), ...handlers, ...handlersOf(loader.instances.slice(rolesSection))];
  markHandlers(allHandlers);
  const hostsText = Array.isArray(raw.hosts) ? raw.hosts.join(',') : String(raw.hosts);
  return {
    name: raw.name === undefined ? hostsText : String(raw.name),
    hosts: raw.hosts,
    pos,
    kw,
    varsFiles: toList(raw.vars_files),
    gatherFacts: raw.gather_facts,
    gatherArgs: Object.fromEntries((['gather_subset', 'gather_timeout', 'fact_path'] as const).filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]])),
    serial: raw.serial,
    preTasks,
    tasks: [...roleItems, ...tasks],
    postTasks,
    handlers: allHandlers,
    roles: loader.instances,
    roleNames,
    roleKeys: loader.seen,
    roleSearchPaths: loader.searchPaths,
    forceHandlers: raw.force_handlers,
    maxFailPercentage: raw.max_fail_percentage,
    varsPrompt: loadVarsPrompt(raw, pos),
    scope,
    dir,
  };
}
