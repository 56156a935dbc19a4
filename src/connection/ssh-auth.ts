import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType } from 'ssh2';
import { UnreachableError } from '../errors.js';

/**
 * Client authentication in OpenSSH's order: the configured private key (or the default
 * identities in ~/.ssh when none is configured), then ssh-agent, then the password.
 * The password is only ever handed to ssh2; it never appears in messages.
 */

export interface AuthSources {
  user: string;
  privateKeyFile?: string | undefined;
  password?: string | undefined;
  agentSocket?: string | undefined;
  homeDir: string;
}

export interface AuthPlan {
  methods: AnyAuthMethod[];
  /** Words for an error message: "publickey (~/.ssh/id_ed25519), agent, password". */
  describe(): string;
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export function expandHome(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/')) return join(homeDir, path.slice(2));
  return path;
}

export async function planAuth(src: AuthSources): Promise<AuthPlan> {
  const methods: AnyAuthMethod[] = [];
  const labels: string[] = [];
  if (src.privateKeyFile !== undefined) {
    const file = expandHome(src.privateKeyFile, src.homeDir);
    methods.push({ type: 'publickey', username: src.user, key: await readPrivateKey(file, true) ?? Buffer.alloc(0) });
    labels.push(`publickey (${src.privateKeyFile})`);
  } else {
    for (const name of DEFAULT_IDENTITIES) {
      const key = await readPrivateKey(join(src.homeDir, '.ssh', name), false);
      if (key === undefined) continue;
      methods.push({ type: 'publickey', username: src.user, key });
      labels.push(`publickey (~/.ssh/${name})`);
    }
  }
  if (src.agentSocket) {
    methods.push({ type: 'agent', username: src.user, agent: src.agentSocket });
    labels.push('agent');
  }
  if (src.password !== undefined) {
    methods.push({ type: 'password', username: src.user, password: src.password });
    labels.push('password');
  }
  return { methods, describe: () => (labels.length ? labels.join(', ') : 'no key, agent or password configured') };
}

/** Hands ssh2 one method after another, skipping those the server does not offer. */
export function authHandlerFor(plan: AuthPlan): AuthHandlerMiddleware {
  let next = 0;
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, callback) => {
    while (next < plan.methods.length) {
      const method = plan.methods[next++];
      if (method === undefined) continue;
      const wire: AuthenticationType = method.type === 'agent' ? 'publickey' : method.type;
      if (methodsLeft && !methodsLeft.includes(wire)) continue;
      callback(method);
      return;
    }
    // ssh2 accepts `false` for "no more methods", which its type definitions leave out.
    (callback as unknown as (m: false) => void)(false);
  };
}

/**
 * Reads a private key. A configured key that is missing, unreadable or passphrase-protected is
 * the user's error and is reported; a default identity with those problems is skipped quietly.
 */
async function readPrivateKey(file: string, required: boolean): Promise<Buffer | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    if (!required) return undefined;
    const why = err instanceof Error && 'code' in err && err.code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new UnreachableError(`private key file ${file} ${why}`, {
      hint: 'check ansible_ssh_private_key_file / --private-key',
      cause: err,
    });
  }
  const parsed = ssh2.utils.parseKey(data);
  if (parsed instanceof Error) {
    if (!required) return undefined;
    const encrypted = /passphrase|encrypted/i.test(parsed.message);
    throw new UnreachableError(
      encrypted ? `private key file ${file} is protected by a passphrase` : `private key file ${file} is not a valid private key`,
      { hint: encrypted ? 'load it into ssh-agent (ssh-add) instead' : 'point ansible_ssh_private_key_file at the private half of the key' },
    );
  }
  return data;
}
