import { OptionsError } from '../errors.js';
import { encryptionSecret, type VaultCommandOptions } from './actions.js';
import { encrypt } from './crypt.js';
import { writeFileAtomic } from './files.js';
import type { VaultIo } from './io.js';

export interface EncryptStringOptions extends VaultCommandOptions {
  name?: string[] | undefined;
  stdinName?: string | undefined;
  prompt?: boolean | undefined;
  showInput?: boolean | undefined;
}

interface Plaintext {
  text: Buffer;
  from: string;
  name: string | undefined;
}

/**
 * `play vault encrypt_string`: prints `NAME: !vault |` blocks ready to paste into YAML, from
 * arguments, stdin or a prompt, exactly in ansible-vault's layout (10-space indent).
 */
export async function vaultEncryptString(args: string[], o: EncryptStringOptions, io: VaultIo): Promise<void> {
  const words = args.filter((a) => a !== '-');
  const stdinAsked = args.includes('-') || o.stdinName !== undefined;
  if (o.prompt && stdinAsked) throw new OptionsError('--prompt cannot be used when also reading from stdin ("-" or --stdin-name)');
  const fromStdin = stdinAsked || (args.length === 0 && !o.prompt);
  const secret = await encryptionSecret(o, io);
  const inputs: Plaintext[] = [];

  if (o.prompt) {
    const name = await io.ask('Variable name (enter for no name): ', false);
    const text = await io.ask(o.showInput ? 'String to encrypt: ' : 'String to encrypt (hidden): ', !o.showInput);
    if (text === '') throw new OptionsError('the string given at the prompt is empty: nothing to encrypt');
    inputs.push({ text: Buffer.from(text, 'utf8'), from: 'the interactive prompt', name: name || undefined });
  }
  if (fromStdin) {
    if (io.stdoutIsTTY) io.stderr('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)\n');
    const text = await io.readStdin();
    if (text.length === 0) throw new OptionsError('stdin was empty: nothing to encrypt');
    inputs.push({ text, from: 'stdin', name: o.stdinName });
  }

  const names = o.name ?? [];
  if (names.length > 0 && words.length > names.length) {
    io.stderr('The number of --name options do not match the number of args.\n');
    io.stderr(`The last named variable will be "${names[names.length - 1] ?? ''}". The rest will not have names.\n`);
  }
  words.forEach((word, i) => {
    if (word === '') throw new OptionsError('an empty string was given on the command line: nothing to encrypt');
    inputs.push({ text: Buffer.from(word, 'utf8'), from: 'the command line args', name: names[i] });
  });

  const blocks = inputs.map((input, i) => {
    if (inputs.length > 1) {
      io.stderr(input.name
        ? `# The encrypted version of variable ("${input.name}", the string #${i + 1} from ${input.from}).\n`
        : `# The encrypted version of the string #${i + 1} from ${input.from}.\n`);
    }
    return formatVaultYaml(encrypt(input.text, secret), input.name);
  });
  const output = `${blocks.join('\n')}\n`;
  if (o.output !== undefined && o.output !== '-') await writeFileAtomic(o.output, output);
  else io.stdout(output);
  if (io.stdoutIsTTY) io.stderr('Encryption successful\n');
}

/** `name: !vault |` followed by the vault text indented by 10 spaces, as ansible-vault prints it. */
export function formatVaultYaml(vaultText: string, name?: string, indent = 10): string {
  const pad = ' '.repeat(indent);
  const lines = vaultText.split('\n').filter((line) => line !== '').map((line) => `${pad}${line}`);
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines].join('\n');
}
