/**
 * vars_prompt: a value given with -e wins and nothing is asked; otherwise the operator answers
 * on the terminal (typing hidden when `private`, Ansible's default); with no terminal the run
 * stops with an error that names the variable and how to give it.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { PlayError } from '../errors.js';
import type { Play } from '../playbook/model.js';
import { parseBoolean } from '../util/ansible-boolean.js';
import type { Vars } from '../template/types.js';

function ask(question: string, hidden: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer);
    });
    muted = hidden;
  });
}

export async function promptVars(play: Play, extraVars: Vars, interactive = process.stdin.isTTY === true): Promise<Vars> {
  const out: Vars = {};
  for (const raw of play.varsPrompt) {
    const e = raw as Record<string, unknown>;
    const name = String(e.name);
    if (name in extraVars) continue;
    if (!interactive) {
      throw new PlayError('VARS_PROMPT_NO_TERMINAL', `vars_prompt: '${name}' must be asked, and there is no terminal to ask on`, {
        source: play.pos,
        hint: `give it on the command line: -e ${name}=…`,
      });
    }
    const hidden = parseBoolean(e.private ?? true) !== false;
    const def = e.default === undefined ? undefined : String(e.default);
    const answer = await ask(`${String(e.prompt ?? name)}${def === undefined ? '' : ` [${def}]`}: `, hidden);
    out[name] = answer === '' && def !== undefined ? def : answer;
  }
  return out;
}
