import type { RunEvent } from '../../executor/events.js';
import type { KeptConnections } from '../../executor/connections.js';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { OptionsError } from '../../errors.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import type { Io } from '../reporters.js';
import { loadConfig } from '../../project/config.js';
import { runCommand, type RunCliOptions } from './run.js';

/**
 * `play verify`: Molecule's verify step for a whole project. Every role that has a
 * tests/verify.yml playbook is verified, in the order site.yml converges the roles; --role
 * picks some. The playbooks run as one `play run` (same inventory, --limit, -e, vault options).
 */
export interface VerifyCliOptions extends Omit<RunCliOptions, 'role'> {
  role?: string[];
  playbook?: string;
}

export const VERIFY_PLAYBOOK = path.join('tests', 'verify.yml');

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/** The roles of a playbook in the order its plays use them (each once). */
export async function rolesInOrder(playbookFile: string, rolesPath: string[]): Promise<string[]> {
  const pb = await loadPlaybook(path.resolve(playbookFile), { rolesPath });
  const seen: string[] = [];
  for (const play of pb.plays) for (const r of play.roles) if (!seen.includes(r.name)) seen.push(r.name);
  return seen;
}

/** The verify playbooks of `roles` (all of the site playbook's roles when empty), in site order. */
export async function verifyPlaybooks(roles: readonly string[], opts: { playbook?: string; cwd?: string } = {}): Promise<{ role: string; file: string }[]> {
  const config = await loadConfig(opts.cwd);
  const rolesDirs = config.rolesPath.length ? config.rolesPath : [path.join(config.dir, 'roles')];
  const site = path.resolve(config.dir, opts.playbook ?? 'site.yml');
  const order = await rolesInOrder(site, rolesDirs);
  const unknown = roles.filter((r) => !order.includes(r));
  if (unknown.length)
    throw new OptionsError(`--role ${unknown.join(', ')}: not a role of ${path.basename(site)}`, { hint: `roles: ${order.join(', ')}` });
  const out: { role: string; file: string }[] = [];
  for (const role of roles.length ? order.filter((r) => roles.includes(r)) : order) {
    for (const dir of rolesDirs) {
      const file = path.join(dir, role, VERIFY_PLAYBOOK);
      if (await exists(file)) {
        out.push({ role, file });
        break;
      }
    }
  }
  if (roles.length) {
    const missing = roles.filter((r) => !out.some((v) => v.role === r));
    if (missing.length) throw new OptionsError(`role ${missing.join(', ')} has no ${VERIFY_PLAYBOOK}`);
  }
  return out;
}

export async function verifyCommand(o: VerifyCliOptions, io: Io, signal?: AbortSignal, observe?: (e: RunEvent) => void, keptConnections?: KeptConnections): Promise<number> {
  const roles = (o.role ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const books = await verifyPlaybooks(roles, o.playbook === undefined ? {} : { playbook: o.playbook });
  if (!books.length) throw new OptionsError(`no role has a ${VERIFY_PLAYBOOK}`);
  const { role: _role, playbook: _playbook, ...run } = o;
  return runCommand(books.map((b) => b.file), run, io, signal, observe, keptConnections);
}
