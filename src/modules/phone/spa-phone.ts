import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { factKey } from '../../facts/types.js';
import { PARAM_NAME, renderFlatProfile } from '../../protocol/spa303/flat-profile.js';
import { abool, aint, astr } from '../schema.js';
import { defineModule, type ModuleContext, type Plan } from '../types.js';
import { endpointUrl } from './spa-client.js';
import { alignBoolean, compareParams, configAfter, diffTexts, isPasswordParam, normalizeValue, shownValue, suggestNames } from './spa-compare.js';
import { spaConfig, type SpaConfigArgs } from './spa-config-fact.js';

/**
 * spa_phone: configure a Cisco/Linksys SPA phone (SPA303 and its SPA3xx/5xx/9xx relatives) over
 * HTTP the documented way: read /admin/spacfg.xml, and when parameters differ, serve an XML
 * profile with just those and have the phone load it through /admin/resync. Nothing runs on
 * the phone but its own web server, so the host needs no connection (ansible_connection: http).
 *
 * Passwords: the phone reports a set password masked, so it cannot be compared. With
 * update_password=on_create (default) a masked password counts as in place and only an unset
 * one is written; with update_password=always it is written on every run (always "changed").
 * Admin_Passwd equal to admin_password is known to be in place (the phone just accepted it).
 * `reboot: true` restarts the phone after a change (never when nothing changed).
 *
 * The phone fetches the profile from a one-shot server on `serve_address` (this machine's
 * address as the phone sees it) at a random path; `profile_auth: true` also puts it behind
 * random Basic credentials handed over as `[--uid … --pwd …]` in the resync URL.
 * `host`/`port` default to the inventory's ansible_host/ansible_port (else the host name, 80).
 */
/** Where --render writes the profile a phone would load (DIR/<phone>/profile.xml). */
const PROFILE_PATH = '/profile.xml';

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const args = z.strictObject({
  host: astr().optional(),
  port: aint().pipe(z.number().int().min(1).max(65535)).optional(),
  admin_password: astr().optional(),
  params: z.record(z.string().regex(PARAM_NAME, 'parameter names are the phone\'s XML names, like Proxy_1_'), paramValue).default({}),
  reboot: abool().default(false),
  timeout: aint().pipe(z.number().int().min(1)).default(60),
  serve_address: astr().default('127.0.0.1'),
  profile_auth: abool().default(false),
  update_password: z.enum(['always', 'on_create']).default('on_create'),
});

type Args = z.output<typeof args>;

function hostVar(ctx: ModuleContext, name: string): string | undefined {
  const v = ctx.host.vars[name];
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function target(a: Args, ctx: ModuleContext): SpaConfigArgs {
  const port = a.port ?? Number(hostVar(ctx, 'ansible_port') ?? 80);
  return { host: a.host ?? hostVar(ctx, 'ansible_host') ?? ctx.host.name, port };
}

export const spaPhone = defineModule({
  name: 'spa_phone',
  description: 'Configure a Cisco SPA303 (SPA3xx/5xx/9xx) phone over HTTP with an XML profile resync',
  diff: 'the phone\'s changed parameters',
  args,
  controllerOnly: true,
  secretArgs: ['admin_password'],
  async plan(a, ctx): Promise<Plan> {
    const where = target(a, ctx);
    const url = endpointUrl(where);
    const wanted = new Map(Object.entries(a.params).map(([k, v]) => [k, normalizeValue(v)]));

    // what an earlier task of this run left (check mode), else what the phone reports; offline,
    // a phone with none of the wanted values set
    const known = await ctx.fact(spaConfig, where, { password: a.admin_password, timeoutS: a.timeout });
    const current = new Map(Object.entries(known ?? Object.fromEntries([...wanted.keys()].map((k) => [k, '']))));

    const cmp = compareParams(current, wanted, { updatePassword: a.update_password, acceptedAdminPassword: a.admin_password });
    if (cmp.unknown.length) {
      const near = suggestNames(cmp.unknown, current.keys());
      throw new ModuleError(`the phone at ${url} has no parameter ${cmp.unknown.join(', ')}`, {}, {
        hint: near.length ? `names are case-sensitive: ${near.join(', ')}` : 'use the XML names /admin/spacfg.xml lists (e.g. Proxy_1_, User_ID_1_)',
      });
    }

    const shownParams = Object.fromEntries([...wanted].map(([k, v]) => [k, shownValue(k, cmp.changes.get(k) ?? alignBoolean(current.get(k) ?? '', v))]));
    const changed = [...cmp.changes.keys()];
    const result: Record<string, unknown> = { host: where.host, port: where.port, params: shownParams };
    if (cmp.unverifiable.length) result.unverified_passwords = cmp.unverifiable;
    const secrets = [...wanted].filter(([k, v]) => isPasswordParam(k) && v !== '').map(([, v]) => v);
    const texts = diffTexts(current, wanted, cmp.changes);
    const plan: Plan = {
      changes: [],
      result,
      diffs: changed.length ? [{ path: `${url}/admin/spacfg.xml`, before: texts.before, after: texts.after, secrets }] : [],
      msg: changed.length ? `parameters to change: ${changed.join(', ')}` : `all ${wanted.size} parameters already set`,
    };
    if (!changed.length) return plan;

    const after = Object.fromEntries(configAfter(current, cmp.changes));
    return {
      ...plan,
      changes: [
        {
          describe: `resync ${url} with ${changed.join(', ')}${a.reboot ? ', then reboot' : ''}`,
          apply: {
            kind: 'controller',
            step: {
              name: 'spa_resync',
              ...where,
              adminPassword: a.admin_password,
              changes: Object.fromEntries(cmp.changes),
              serveAddress: a.serve_address,
              profileAuth: a.profile_auth,
              reboot: a.reboot,
              timeoutS: a.timeout,
            },
          },
          // the profile the phone loads, for --render
          leaves: [{ path: PROFILE_PATH, content: Buffer.from(renderFlatProfile([...cmp.changes].map(([name, value]) => ({ name, value }))), 'utf8') }],
          effects: [{ kind: 'fact', key: factKey(spaConfig, where), value: after }],
        },
      ],
    };
  },
});
