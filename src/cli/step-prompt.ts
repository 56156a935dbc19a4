import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Writer } from '../reporter/plain.js';

export type StepAnswer = 'yes' | 'no' | 'continue';

/**
 * --step: asks before each task, as ansible-playbook does. One reader serves the whole run, so
 * answers piped in (`printf 'y\ny\n' | play run --step`) are each used once, in order; a reader
 * per question would swallow the rest of the pipe with the first. When the input ends, every
 * remaining question is answered no (said on screen), and the run goes on to its recap. Before
 * asking, `settled` waits until the terminal view has drawn everything so far, so each prompt is
 * on screen, under the task before it.
 */
export interface StepPrompter {
  ask(task: string): Promise<StepAnswer>;
  /** Stops reading the input (at the end of the run, so an open terminal does not keep the process). */
  close(): void;
}

export function stepPrompter(input: Readable, output: Writer, settled: () => Promise<void> = async () => undefined): StepPrompter {
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  const reader = createInterface({ input, terminal: false });
  reader.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  reader.on('close', () => {
    ended = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  const nextLine = (): Promise<string | undefined> => {
    const line = lines.shift();
    if (line !== undefined || ended) return Promise.resolve(line);
    return new Promise((resolve) => waiting.push(resolve));
  };
  const ask = async (task: string): Promise<StepAnswer> => {
    await settled();
    output.write(`Perform task: TASK: ${task} (N)o/(y)es/(c)ontinue: `);
    const line = await nextLine();
    if (line === undefined) {
      output.write('no (end of input)\n');
      return 'no';
    }
    if (!(input as { isTTY?: boolean }).isTTY) output.write(`${line}\n`);
    const a = line.trim().toLowerCase();
    return a.startsWith('y') ? 'yes' : a.startsWith('c') ? 'continue' : 'no';
  };
  return { ask, close: () => reader.close() };
}
