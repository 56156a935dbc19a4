/**
 * Deciding what a spa_phone task changes, without any I/O: wanted parameter values against the
 * phone's reported configuration. Passwords get special care because the phone reports a
 * password that is set as a row of `*` (a masked password cannot be compared).
 */
import { PASSWORD_MASK } from '../../protocol/spa303/flat-profile.js';

export type UpdatePassword = 'always' | 'on_create';

/** How the module shows any password in diffs and results. */
export const SHOWN_MASK = '********';
/** What the phone reports for a password that is set. */
export const PHONE_MASK = PASSWORD_MASK;

export function isPasswordParam(name: string): boolean {
  return /(^|_)Passw(or)?d(_|$)/i.test(name);
}

export function isMasked(value: string): boolean {
  return /^\*+$/.test(value);
}

/** Booleans become the phone's Yes/No; everything is trimmed, as the phone trims profile values. */
export function normalizeValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value).trim();
}

const BOOLEAN_WORDS = new Map([
  ['yes', 'Yes'], ['true', 'Yes'], ['on', 'Yes'],
  ['no', 'No'], ['false', 'No'], ['off', 'No'],
]);

/**
 * A yes/no parameter (the phone reports Yes or No) wanted as "no", "false", "on"…: the phone's
 * spelling, so a quoted YAML "no" does not count as a difference forever.
 */
export function alignBoolean(have: string, want: string): string {
  if (have !== 'Yes' && have !== 'No') return want;
  return BOOLEAN_WORDS.get(want.toLowerCase()) ?? want;
}

export interface CompareOptions {
  updatePassword: UpdatePassword;
  /** The admin password the phone just accepted: a masked Admin_Passwd equal to it is in sync. */
  acceptedAdminPassword?: string | undefined;
}

export interface Comparison {
  /** Parameters to put in the profile, with their new values. */
  changes: Map<string, string>;
  /** Names the phone does not have (it would silently ignore them). */
  unknown: string[];
  /** Passwords that may differ but cannot be compared (masked, update_password=on_create). */
  unverifiable: string[];
}

export function compareParams(current: ReadonlyMap<string, string>, wanted: ReadonlyMap<string, string>, opts: CompareOptions): Comparison {
  const out: Comparison = { changes: new Map(), unknown: [], unverifiable: [] };
  for (const [name, asGiven] of wanted) {
    const have = current.get(name);
    if (have === undefined) {
      out.unknown.push(name);
      continue;
    }
    const want = alignBoolean(have, asGiven);
    if (have === want) continue;
    if (isPasswordParam(name) && have !== '' && isMasked(have) && want !== '') {
      // the phone just accepted this admin password: a masked Admin_Passwd is known exactly
      if (name === 'Admin_Passwd' && opts.acceptedAdminPassword !== undefined) {
        if (opts.acceptedAdminPassword === want) continue;
      } else if (opts.updatePassword === 'on_create') {
        out.unverifiable.push(name);
        continue;
      }
    }
    out.changes.set(name, want);
  }
  return out;
}

/** A value as diffs and results show it: passwords never in clear. */
export function shownValue(name: string, value: string): string {
  return isPasswordParam(name) && value !== '' ? SHOWN_MASK : value;
}

/** "Name = value" lines for the wanted parameters, before and after, passwords masked. */
export function diffTexts(current: ReadonlyMap<string, string>, wanted: ReadonlyMap<string, string>, changes: ReadonlyMap<string, string>): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  for (const name of wanted.keys()) {
    const have = current.get(name);
    if (have === undefined) continue;
    const shownBefore = shownValue(name, have);
    before.push(`${name} = ${shownBefore}`);
    const next = changes.get(name);
    if (next === undefined) after.push(`${name} = ${shownBefore}`);
    else {
      const shownAfter = shownValue(name, next);
      // a changed password looks the same masked: say that it changes
      after.push(`${name} = ${shownAfter}${shownAfter === shownBefore && shownAfter !== next ? ' (changed)' : ''}`);
    }
  }
  return { before: before.join('\n') + '\n', after: after.join('\n') + '\n' };
}

/** The configuration the phone will report once the changes are applied. */
export function configAfter(current: ReadonlyMap<string, string>, changes: ReadonlyMap<string, string>): Map<string, string> {
  const next = new Map(current);
  for (const [name, value] of changes) next.set(name, isPasswordParam(name) && value !== '' ? PHONE_MASK : value);
  return next;
}

/** True when the phone's reported configuration shows every change as applied. */
export function changesApplied(reported: ReadonlyMap<string, string>, changes: ReadonlyMap<string, string>): boolean {
  for (const [name, value] of changes) {
    const have = reported.get(name);
    if (have === value) continue;
    if (isPasswordParam(name) && value !== '' && have !== undefined && have !== '' && isMasked(have)) continue;
    return false;
  }
  return true;
}

/** Case-insensitive near misses, for "did you mean" hints (names are case-sensitive). */
export function suggestNames(unknown: readonly string[], known: Iterable<string>): string[] {
  const byLower = new Map<string, string>();
  for (const k of known) byLower.set(k.toLowerCase(), k);
  return unknown.flatMap((u) => {
    const hit = byLower.get(u.toLowerCase());
    return hit ? [`${u} → ${hit}`] : [];
  });
}
