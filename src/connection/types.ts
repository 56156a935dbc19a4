import type { ShellCommand } from './command.js';

/** Privilege escalation for one command. The password never reaches argv or a file. */
export interface Become {
  method: 'sudo' | 'su';
  user: string;
  password?: string | undefined;
  exe?: string | undefined;
  flags?: string | undefined;
}

export interface ExecOptions {
  /** Bytes fed to the command's standard input (then closed). */
  stdin?: string | Buffer | undefined;
  become?: Become | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  cwd?: string | undefined;
  /** Kill the command after this many milliseconds (rc 124 like coreutils' timeout). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
  /** The exact bytes of stdout (binary-safe; `stdout` is its UTF-8 decoding). */
  stdoutBytes: Buffer;
}

export interface PutOptions {
  mode?: number | undefined;
  become?: Become | undefined;
}

/**
 * The small interface every transport implements (local, ssh, …). Everything a module does on a
 * target goes through exec; put/get are whole-file transfers that are atomic on the target.
 */
export interface Connection {
  readonly kind: string;
  /** Human label for messages: "root@127.0.10.195:22", "local". */
  readonly label: string;
  /** False once the transport dropped (a transport that cannot drop leaves it out). */
  readonly alive?: boolean | undefined;
  exec(command: ShellCommand, opts?: ExecOptions): Promise<ExecResult>;
  put(content: Buffer, dest: string, opts?: PutOptions): Promise<void>;
  get(path: string, opts?: { become?: Become | undefined }): Promise<Buffer>;
  close(): Promise<void>;
}

/** What the inventory says about how to reach a host (Ansible's connection variables). */
export interface ConnectionSpec {
  host: string; // inventory_hostname
  connection: string; // ansible_connection: ssh | local | http
  address: string; // ansible_host
  port?: number | undefined;
  user?: string | undefined;
  password?: string | undefined;
  privateKeyFile?: string | undefined;
  knownHostsFile?: string | undefined;
  acceptNewHostKeys?: boolean | undefined;
  jumpHost?: string | undefined;
  connectTimeoutMs?: number | undefined;
  vars: Readonly<Record<string, unknown>>;
}
