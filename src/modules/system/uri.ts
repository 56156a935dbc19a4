/**
 * uri: an HTTP request from the controller. GET and HEAD only read, so they run while planning
 * (in check mode too); other methods are a change that runs when the plan is applied.
 * url_username/url_password and headers go to the url's origin only, never to where it redirects
 * elsewhere; `follow_redirects: safe` (the default) never follows https to http, `all` does.
 */
import { z } from 'zod';
import { ModuleError } from '../../errors.js';
import { abool, aint, astr } from '../schema.js';
import { defineModule, type Change, type HttpRequestSpec } from '../types.js';
import { httpRequest, RedirectRefused, type HttpRequest, type HttpResponse } from './http-request.js';

const statusList = z.preprocess(
  (v) => (typeof v === 'number' ? [v] : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
  z.array(aint()),
);

/**
 * Ansible's old spellings: `yes` (and a YAML true, which its choices check turns into the one
 * true word among the choices) follows all redirects, as `all`; `no` (and false) follows none
 * (module_utils/urls.py: `follow_redirects in ['all', 'yes', True]`).
 */
function followRedirectsWord(v: unknown): unknown {
  if (v === true || v === 'yes') return 'all';
  if (v === false || v === 'no') return 'none';
  return v;
}

const args = z.strictObject({
  url: astr(),
  method: astr().default('GET'),
  body: z.unknown().optional(),
  body_format: z.enum(['raw', 'json', 'form-urlencoded']).default('raw'),
  headers: z.record(z.string(), z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string())).default({}),
  status_code: statusList.default([200]),
  return_content: abool().default(false),
  url_username: astr().optional(),
  url_password: astr().optional(),
  force_basic_auth: abool().default(false),
  timeout: aint().default(30),
  validate_certs: abool().default(true),
  follow_redirects: z.preprocess(followRedirectsWord, z.enum(['none', 'safe', 'all'])).default('safe'),
});

type Args = z.output<typeof args>;

/** The request uri's arguments describe, encoded: the plan's data and what the executor sends. */
export function requestSpec(a: Args): HttpRequestSpec {
  const headers = { ...a.headers };
  const body = encodeBody(a, headers);
  return {
    url: a.url,
    method: a.method.toUpperCase(),
    headers,
    body,
    statusCodes: a.status_code,
    returnContent: a.return_content,
    username: a.url_username,
    password: a.url_password,
    forceBasicAuth: a.force_basic_auth,
    timeoutS: a.timeout,
    validateCerts: a.validate_certs,
    followRedirects: a.follow_redirects,
  };
}

function encodeBody(a: Args, headers: Record<string, string>): string | undefined {
  if (a.body === undefined || a.body === null) return undefined;
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (a.body_format === 'json') {
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
    return typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
  }
  if (a.body_format === 'form-urlencoded') {
    if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (typeof a.body === 'string') return a.body;
    const entries = Array.isArray(a.body) ? (a.body as [unknown, unknown][]) : Object.entries(a.body as Record<string, unknown>);
    return new URLSearchParams(entries.map(([k, v]): [string, string] => [String(k), String(v)])).toString();
  }
  return typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
}

/** Ansible's result: status, url, msg, response headers as lower_snake keys, content/json. */
export function uriResult(spec: Pick<HttpRequestSpec, 'returnContent'>, res: HttpResponse, elapsedMs: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(res.headers)) out[k.replace(/-/g, '_')] = v;
  Object.assign(out, {
    status: res.status,
    url: res.url,
    redirected: res.redirected,
    elapsed: Math.round(elapsedMs / 1000),
    msg: `${res.status >= 200 && res.status < 400 ? 'OK' : `HTTP Error ${res.status}: ${res.statusText}`} (${res.body.length} bytes)`,
  });
  const text = res.body.toString('utf8');
  if (spec.returnContent) out['content'] = text;
  if (/[/+]json\b/i.test(res.headers['content-type'] ?? '') && text.trim() !== '') {
    try {
      out['json'] = JSON.parse(text) as unknown;
    } catch {
      /* not JSON after all: content stays text */
    }
  }
  return out;
}

/** Sends the request; an answer outside `statusCodes` (or none) is the task's failure. */
export async function sendRequest(spec: HttpRequestSpec): Promise<Record<string, unknown>> {
  const req: HttpRequest = {
    url: spec.url,
    method: spec.method,
    headers: { ...spec.headers },
    body: spec.body === undefined ? undefined : Buffer.from(spec.body, 'utf8'),
    timeoutMs: spec.timeoutS * 1000,
    validateCerts: spec.validateCerts,
    followRedirects: spec.followRedirects,
    username: spec.username,
    password: spec.password,
    forceBasicAuth: spec.forceBasicAuth,
  };
  const codes = spec.statusCodes.join(', ');
  const started = Date.now();
  let res: HttpResponse;
  try {
    res = await httpRequest(req);
  } catch (err) {
    if (err instanceof RedirectRefused) {
      // a module failure shows its message only: the way out is part of it
      throw new ModuleError(`Status code was -1 and not [${codes}]: ${err.message} (follow_redirects: all would follow it)`, { status: -1, url: err.from, location: err.to });
    }
    throw new ModuleError(`Status code was -1 and not [${codes}]: Request failed: ${(err as Error).message}`, { status: -1, url: spec.url });
  }
  const result = uriResult(spec, res, Date.now() - started);
  if (!spec.statusCodes.includes(res.status)) {
    if (!spec.returnContent) result['content'] = res.body.toString('utf8');
    throw new ModuleError(`Status code was ${res.status} and not [${codes}]: ${String(result['msg'])}`, result);
  }
  return result;
}

export const uri = defineModule({
  name: 'uri',
  description: 'Send an HTTP(S) request from the controller (GET/HEAD read; other methods change). Credentials and headers go to the url\'s origin only, not where it redirects; `safe` redirects never go from https to http, `all` ones may',
  checkMode: 'GET/HEAD are sent; other methods are not, and are reported as changed',
  args,
  aliases: { url_username: ['user'], url_password: ['password'] },
  controllerOnly: true,
  contactsNetwork: true,
  secretArgs: ['url_password'],
  async plan(a) {
    if (!/^https?:\/\//i.test(a.url)) throw new ModuleError(`unsupported URL ${a.url}`, {}, { hint: 'uri speaks http:// and https://' });
    const request = requestSpec(a);
    if (request.method === 'GET' || request.method === 'HEAD') return { changes: [], result: await sendRequest(request) };
    const change: Change = { describe: `${request.method} ${a.url}`, apply: { kind: 'controller', step: { name: 'http_request', request } } };
    return { changes: [change], changed: true, result: { url: a.url } };
  },
});
