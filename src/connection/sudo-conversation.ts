import { SUDO_PROMPT } from './become.js';

/** What the conversation asks its transport to do. */
export interface SudoConversationIo {
  /** Write the password and a newline to the command's stdin. Called at most once. */
  writePassword(): void;
  /** sudo is done: send the command's own stdin (then close it). Called at most once. */
  startInput(): void;
  /** Command output (stdout) with everything up to and including the marker line removed. */
  output(chunk: Buffer): void;
  /** sudo prompted again: the password was refused. Called at most once. */
  wrongPassword(): void;
}

/**
 * The sudo password exchange, shared by every transport and driven by sudo's prompt:
 *
 * - the password is written once, when the marker prompt first appears on stderr — never for
 *   anything else sudo or PAM prints on stderr before or after it (an expiry warning, a lecture);
 * - the command's own stdin is sent only once the command printed `marker` on stdout (so sudo
 *   has finished reading and the command really started);
 * - a second prompt means a wrong password: the transport stops the command instead of sudo
 *   eating the command's stdin as more guesses.
 *
 * So a sudo that does not ask (NOPASSWD, cached credentials) never receives the password, and
 * whatever sudo says, the password never becomes the command's input.
 */
export class SudoConversation {
  private waitingForMarker = true;
  private passwordSent = false;
  private refused = false;
  private head = Buffer.alloc(0);
  /** The end of the stderr seen so far, so a prompt split across chunks is still found. */
  private tail = '';

  constructor(
    private readonly io: SudoConversationIo,
    private readonly marker: string,
  ) {}

  /** Feed stdout chunks through this. */
  stdout(chunk: Buffer): void {
    if (!this.waitingForMarker) return this.io.output(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const line = Buffer.from(`${this.marker}\n`);
    const at = this.head.indexOf(line);
    if (at < 0) return;
    this.waitingForMarker = false;
    const rest = this.head.subarray(at + line.length);
    this.head = Buffer.alloc(0);
    if (rest.length) this.io.output(rest);
    this.io.startInput();
  }

  /** Feed stderr chunks through this (it only watches for sudo's prompt). */
  stderr(chunk: Buffer): void {
    if (!this.waitingForMarker || this.refused) return;
    const text = this.tail + chunk.toString('latin1');
    const prompts = countOccurrences(text, SUDO_PROMPT);
    // keep less than one marker's length, and nothing of a prompt already counted
    this.tail = text.slice(Math.max(prompts.lastEnd, text.length - SUDO_PROMPT.length + 1));
    for (let i = 0; i < prompts.count; i++) {
      if (!this.passwordSent) {
        this.passwordSent = true;
        this.io.writePassword();
      } else {
        this.refused = true;
        this.io.wrongPassword();
        return;
      }
    }
  }
}

function countOccurrences(text: string, needle: string): { count: number; lastEnd: number } {
  let count = 0;
  let lastEnd = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, lastEnd)) {
    count++;
    lastEnd = i + needle.length;
  }
  return { count, lastEnd };
}
