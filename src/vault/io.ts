import type { PasswordPrompt } from './secrets.js';

/** What `play vault` touches besides files, so tests can drive it without a terminal. */
export interface VaultIo {
  readStdin(): Promise<Buffer>;
  stdout(data: string | Buffer): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Asks a question on the terminal; hidden answers are not echoed. */
  ask(message: string, hidden: boolean): Promise<string>;
}

export const processVaultIo: VaultIo = {
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks);
  },
  stdout: (data) => void process.stdout.write(data),
  stderr: (text) => void process.stderr.write(text),
  get stdoutIsTTY() {
    return process.stdout.isTTY === true;
  },
  env: process.env,
  ask: async (message, hidden) => (await import('./prompt.js')).promptLine(message, hidden),
};

export function passwordPrompt(io: VaultIo): PasswordPrompt {
  return (message) => io.ask(message, true);
}
