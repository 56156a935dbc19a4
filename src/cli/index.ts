import { CommanderError } from 'commander';
import { errorMessage, ExitCode, PlayError } from '../errors.js';
import { dropWritesToClosedPipe } from './closed-pipes.js';
import { program } from './program.js';

/**
 * The `play` binary and the product's one error boundary: command code throws PlayErrors,
 * this turns them into a message (file:line:col, hint) and Ansible's exit codes.
 */
dropWritesToClosedPipe(process.stdout);
dropWritesToClosedPipe(process.stderr);

const controller = new AbortController();
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts > 1) process.exit(ExitCode.interrupted);
  process.stderr.write('\n[play] interrupted: finishing running tasks (Ctrl-C again to abort now)\n');
  controller.abort();
});

async function main(): Promise<void> {
  try {
    await program(controller.signal).parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : ExitCode.badOptions;
      return;
    }
    if (err instanceof PlayError) {
      process.stderr.write(`ERROR! ${errorMessage(err)}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`ERROR! unexpected: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\nThis is a bug in play; please report it with the command you ran.\n`);
    process.exitCode = 250;
  }
}

await main();
