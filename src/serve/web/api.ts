/** Talking to the server: reads are open; actions carry the token (X-Play-Token). */
const TOKEN_KEY = 'play-serve-token';

/** `#token=…` (the link play serve prints once) is kept in this browser and taken out of the address. */
export function adoptTokenFromAddress(): void {
  const m = /token=([\w-]+)/.exec(location.hash);
  if (!m?.[1]) return;
  localStorage.setItem(TOKEN_KEY, m[1]);
  history.replaceState(null, '', `${location.pathname}#/fleet`);
}

function token(): string | null {
  let t = localStorage.getItem(TOKEN_KEY);
  if (!t) {
    t = prompt('Action token (printed by play serve when it was created, kept in .play/serve-token):');
    if (t) localStorage.setItem(TOKEN_KEY, t.trim());
  }
  return t;
}

export async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

export interface Job {
  id: number;
  kind: string;
  command: string;
  hosts: string[];
  state: 'queued' | 'running' | 'done';
  runId: number | null;
  waitingFor: number[];
}

export async function act(url: string, body: unknown = {}): Promise<Job> {
  const t = token();
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Play-Token': t ?? '' }, body: JSON.stringify(body) });
  const data = (await r.json()) as { job?: Job; error?: string };
  if (r.status === 401) localStorage.removeItem(TOKEN_KEY);
  if (!r.ok || !data.job) throw new Error(data.error ?? `${r.status}`);
  return data.job;
}
