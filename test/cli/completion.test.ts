import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryNames } from '../../src/cli/completion-command.js';
import { BASH_COMPLETION, ZSH_COMPLETION } from '../../src/cli/completion-scripts.js';
import { complete } from '../../src/cli/completion.js';
import { program } from '../../src/cli/program.js';
import { moduleNames } from '../../src/modules/registry.js';
import { Project } from '../support/project.js';

let project: Project;
const cwd = process.cwd();
beforeAll(async () => {
  project = await Project.create({ 'hosts.ini': '[web]\nweb1\nweb2\n[db]\ndb1\n', 'play.config.yml': 'inventory: hosts.ini\n', '.git/HEAD': '' });
  process.chdir(project.dir);
});
afterAll(async () => {
  process.chdir(cwd);
  await project.remove();
});

/** Candidates for the command line `line`, the cursor at its last word. */
async function at(line: string): Promise<string[]> {
  const words = line.split(' ');
  return complete(program(new AbortController().signal), words, words.length - 1, { modules: moduleNames, inventoryNames });
}

describe('shell completion', () => {
  it('offers the subcommands, never the hidden one', async () => {
    const all = await at('play ');
    expect(all).toEqual(expect.arrayContaining(['run', 'exec', 'verify', 'inventory', 'doc', 'vault', 'lab', 'completion']));
    expect(all).not.toContain('__complete');
    expect((await at('play v')).sort()).toEqual(['vault', 'verify']);
    expect(await at('play lab ')).toEqual(expect.arrayContaining(['up', 'status', 'down', 'reset', 'break']));
  });

  it("offers each command's own flags", async () => {
    expect(await at('play run --list-t')).toEqual(['--list-tasks', '--list-tags']);
    expect(await at('play exec --bec')).toEqual(['--become', '--become-user', '--become-method', '--become-password-file']);
    expect(await at('play inventory --')).toEqual(expect.arrayContaining(['--list', '--graph', '--inventory']));
    expect(await at('play inventory --')).not.toContain('--become');
  });

  it('offers module names after -m and for play doc, and choices of an option', async () => {
    expect(await at('play exec all -m li')).toEqual(['lineinfile']);
    expect(await at('play exec all --module se')).toEqual(expect.arrayContaining(['service', 'set_fact', 'setup']));
    expect((await at('play doc co')).sort()).toEqual(['command', 'copy']);
    expect(await at('play run --become-method ')).toEqual(['sudo', 'su']);
    expect(await at('play completion ')).toEqual(['bash', 'zsh']);
  });

  it("offers the inventory's hosts and groups for a pattern and --limit (the words' own -i first)", async () => {
    expect(await at('play exec w')).toEqual(['web1', 'web2', 'web']);
    expect(await at('play run site.yml -l d')).toEqual(['db1', 'db']);
    await project.write({ 'other.ini': 'mail1\n' });
    expect(await at('play run -i other.ini --limit m')).toEqual(['mail1']);
  });

  it('leaves file arguments to the shell (an empty answer)', async () => {
    expect(await at('play run si')).toEqual([]);
    expect(await at('play run -i ')).toEqual([]);
  });
});

describe.skipIf(spawnSync('bash', ['--version'], { stdio: 'ignore' }).status !== 0)('the bash script', () => {
  it('hands the words and the cursor to play __complete and offers its answer', () => {
    // `play` stands in: it records its arguments (one a line), and answers with three candidates
    const script = `play() { printf '%s\\n' "$@" > args; printf '%s\\n' setup service shell; }
${BASH_COMPLETION}
COMP_WORDS=(play exec all -m se); COMP_CWORD=4; _play_complete; printf '%s\\n' "\${COMPREPLY[@]}"; cat args`;
    const r = spawnSync('bash', ['-c', script], { cwd: project.dir, encoding: 'utf8' });
    expect(r.stdout).toBe('setup\nservice\n__complete\n4\n--\nplay\nexec\nall\n-m\nse\n');
  });

  it('zsh has its script too', () => {
    expect(ZSH_COMPLETION).toMatch(/^#compdef play\n/);
    expect(ZSH_COMPLETION).toContain('play __complete $((CURRENT - 1)) -- "${words[@]}"');
  });
});
