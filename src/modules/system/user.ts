/** user: local accounts with useradd/usermod/userdel; state from getent (passwd + shadow). */
import { z } from 'zod';
import { secret, sh, ShellCommand, type CommandPart } from '../../connection/command.js';
import { factKey } from '../../facts/types.js';
import { userAccount, type UserState } from '../../facts/users.js';
import { abool, aint, alist, astr, matching } from '../schema.js';
import { defineModule, type Change } from '../types.js';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/;

const args = z.strictObject({
  name: matching(NAME, 'user names are letters, digits, _ . and -'),
  state: z.enum(['present', 'absent']).default('present'),
  uid: aint().optional(),
  group: astr().optional(),
  groups: alist().optional(),
  append: abool().default(false),
  comment: astr().optional(),
  home: astr().optional(),
  shell: astr().optional(),
  system: abool().default(false),
  create_home: abool().default(true),
  move_home: abool().default(false),
  password: astr().optional(),
  update_password: z.enum(['always', 'on_create']).default('always'),
  remove: abool().default(false),
  force: abool().default(false),
  non_unique: abool().default(false),
});

type Args = z.output<typeof args>;
type Word = string | CommandPart;

function flags(words: Word[]): CommandPart[] {
  // every word quoted; secrets stay masked in displayed commands
  return words.flatMap((w, i) => [...(i ? [{ raw: ' ' }] : []), typeof w === 'string' ? { quote: w } : w]);
}

function command(program: string, words: Word[]): ShellCommand {
  return sh`${program} `.concat(new ShellCommand(flags(words)));
}

export const user = defineModule({
  name: 'user',
  description: 'Manage local user accounts (useradd/usermod/userdel)',
  args,
  secretArgs: ['password'],
  async plan(a, ctx) {
    const cur = await ctx.fact(userAccount, { name: a.name });
    const key = factKey(userAccount, { name: a.name });
    const changes: Change[] = [];
    if (a.state === 'absent') {
      if (cur.exists) {
        const words: Word[] = [...(a.remove ? ['-r'] : []), ...(a.force ? ['-f'] : []), a.name];
        changes.push({ describe: `userdel ${a.name}`, apply: { kind: 'exec', command: command('userdel', words) }, effects: [{ kind: 'fact', key, value: { exists: false } }] });
      }
      return { changes, result: { name: a.name, state: 'absent', ...(a.remove ? { remove: true } : {}) } };
    }
    if (a.password !== undefined && !/^\$\w+\$|^[!*]/.test(a.password) && a.password.length < 13) {
      ctx.warn('The input password appears not to have been hashed. The password argument must be a crypt hash (password_hash filter).');
    }
    const after: UserState = cur.exists ? { ...cur } : { exists: true, groups: [] };
    const words: Word[] = [];
    if (!cur.exists) {
      if (a.uid !== undefined) words.push('-u', String(a.uid));
      if (a.non_unique) words.push('-o');
      if (a.group !== undefined) words.push('-g', a.group);
      if (a.groups?.length) words.push('-G', a.groups.join(','));
      if (a.comment !== undefined) words.push('-c', a.comment);
      if (a.home !== undefined) words.push('-d', a.home);
      if (a.shell !== undefined) words.push('-s', a.shell);
      if (a.system) words.push('-r');
      words.push(a.create_home && !a.system ? '-m' : '-M');
      if (a.password !== undefined) words.push('-p', secret(a.password));
      Object.assign(after, { uid: a.uid, group: a.group ?? a.name, groups: a.groups ?? [], comment: a.comment ?? '', home: a.home ?? `/home/${a.name}`, shell: a.shell, passwordHash: a.password });
      changes.push({ describe: `useradd ${a.name}`, apply: { kind: 'exec', command: command('useradd', [...words, a.name]) }, effects: [{ kind: 'fact', key, value: after }] });
    } else {
      const what = usermodWords(a, cur, after);
      if (what.words.length) {
        changes.push({ describe: `usermod ${what.names.join(',')} ${a.name}`, apply: { kind: 'exec', command: command('usermod', [...what.words, a.name]) }, effects: [{ kind: 'fact', key, value: after }] });
      }
    }
    return {
      changes,
      result: {
        name: a.name,
        state: 'present',
        uid: after.uid,
        group: after.gid ?? after.group,
        groups: (after.groups ?? []).join(','),
        comment: after.comment,
        home: after.home,
        shell: after.shell,
        system: a.system,
        create_home: a.create_home,
        ...(a.password !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {}),
      },
    };
  },
});

function usermodWords(a: Args, cur: UserState, after: UserState): { words: Word[]; names: string[] } {
  const words: Word[] = [];
  const names: string[] = [];
  if (a.uid !== undefined && a.uid !== cur.uid) {
    words.push('-u', String(a.uid));
    if (a.non_unique) words.push('-o');
    names.push('uid');
    after.uid = a.uid;
  }
  if (a.group !== undefined && a.group !== cur.group && a.group !== String(cur.gid)) {
    words.push('-g', a.group);
    names.push('group');
    after.group = a.group;
    after.gid = /^\d+$/.test(a.group) ? Number(a.group) : undefined;
  }
  if (a.groups !== undefined) {
    const have = new Set(cur.groups ?? []);
    const want = a.groups.filter((g) => g !== after.group);
    const missing = want.filter((g) => !have.has(g));
    const extra = [...have].filter((g) => !want.includes(g));
    if (missing.length || (!a.append && extra.length)) {
      const final = a.append ? [...have, ...missing] : want;
      words.push(...(a.append ? ['-a'] : []), '-G', (a.append ? missing : want).join(','));
      names.push('groups');
      after.groups = final;
    }
  }
  if (a.comment !== undefined && a.comment !== cur.comment) {
    words.push('-c', a.comment);
    names.push('comment');
    after.comment = a.comment;
  }
  if (a.home !== undefined && a.home !== cur.home) {
    words.push('-d', a.home, ...(a.move_home ? ['-m'] : []));
    names.push('home');
    after.home = a.home;
  }
  if (a.shell !== undefined && a.shell !== cur.shell) {
    words.push('-s', a.shell);
    names.push('shell');
    after.shell = a.shell;
  }
  if (a.password !== undefined && a.update_password === 'always' && a.password !== cur.passwordHash) {
    words.push('-p', secret(a.password));
    names.push('password');
    after.passwordHash = a.password;
  }
  return { words, names };
}
