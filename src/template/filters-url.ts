/**
 * Ansible's `urlsplit` filter: Python's urllib.parse.urlsplit(), returned as the dict of its
 * fields (or one field), ported step by step so odd URLs split as they do under Ansible.
 */
import type { Filter } from './args.js';
import { JinjaError } from './errors.js';
import { pyStr } from './python.js';

interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

const SCHEME_CHARS = /^[A-Za-z0-9+.-]+$/;

/** urllib.parse.urlsplit (Python 3.11) with its default arguments. */
export function splitUrl(input: string): SplitUrl {
  // leading C0 controls and spaces are stripped, tabs and newlines removed anywhere (WHATWG)
  let url = input.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    const ends = ['/', '?', '#'].map((c) => url.indexOf(c, 2)).filter((i) => i >= 0);
    const end = ends.length > 0 ? Math.min(...ends) : url.length;
    netloc = url.slice(2, end);
    url = url.slice(end);
    if (netloc.includes('[') !== netloc.includes(']')) throw new JinjaError('urlsplit: Invalid IPv6 URL');
  }
  const hash = url.indexOf('#');
  if (hash >= 0) [url, fragment] = [url.slice(0, hash), url.slice(hash + 1)];
  const question = url.indexOf('?');
  if (question >= 0) [url, query] = [url.slice(0, question), url.slice(question + 1)];
  return { scheme, netloc, path: url, query, fragment };
}

/** str.partition: the text before the first `sep`, whether it was found, the text after. */
function partition(s: string, sep: string): [string, boolean, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, false, ''] : [s.slice(0, i), true, s.slice(i + sep.length)];
}

/** The derived fields of a SplitResult: username, password, hostname, port. */
function netlocFields(netloc: string): Record<string, unknown> {
  const at = netloc.lastIndexOf('@');
  const hostinfo = at < 0 ? netloc : netloc.slice(at + 1);
  let username: string | null = null;
  let password: string | null = null;
  if (at >= 0) {
    const [user, hasPassword, pass] = partition(netloc.slice(0, at), ':');
    username = user;
    password = hasPassword ? pass : null;
  }
  let host: string;
  let port: string;
  const [, bracketed, inside] = partition(hostinfo, '[');
  if (bracketed) {
    const [h, , rest] = partition(inside, ']');
    host = h;
    port = partition(rest, ':')[2];
  } else [host, , port] = partition(hostinfo, ':');
  let hostname: string | null = null;
  if (host) {
    const [name, percent, zone] = partition(host, '%');
    hostname = name.toLowerCase() + (percent ? `%${zone}` : '');
  }
  let portNumber: number | null = null;
  if (port) {
    if (!/^[0-9]+$/.test(port)) throw new JinjaError(`urlsplit: Port could not be cast to integer value as '${port}'`);
    portNumber = Number(port);
    if (portNumber > 65535) throw new JinjaError('urlsplit: Port out of range 0-65535');
  }
  return { username, password, hostname, port: portNumber };
}

export const urlFilters: Record<string, Filter> = {
  urlsplit(value, query = '') {
    const split = splitUrl(pyStr(value));
    // Ansible's object_to_dict: every public attribute, in dir() (alphabetical) order
    const all: Record<string, unknown> = { ...split, ...netlocFields(split.netloc) };
    const results = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]]));
    const component = pyStr(query);
    if (!component) return results;
    if (!Object.prototype.hasOwnProperty.call(results, component)) throw new JinjaError(`urlsplit: unknown URL component: ${component}`);
    return results[component];
  },
};
