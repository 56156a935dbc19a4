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

});

/**
 * A real interactive zsh on a pseudo-terminal (zsh's own zpty module) types a command line and a
 * Tab, exactly as a user would; `play` stands in as in the bash test. Every wait is for a pattern
 * in the terminal's output, never for a time.
 */
describe.skipIf(spawnSync('zsh', ['--version'], { stdio: 'ignore' }).status !== 0)('the zsh script', () => {
  function typeTab(line: string, shown: string): string {
    const driver = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -Uz compinit; compinit -u -D'
zpty -w z 'play() { print -rl -- "$@" > args; [[ -s answer ]] && cat answer; }'
zpty -w z 'source ./completion.zsh; print RE""ADY'
zpty -r z out '*READY*'
zpty -w -n z $'${line}\\t'
zpty -r z listing '*${shown}*'
zpty -w -n z $'\\C-u'
zpty -w z 'print -rl -- ARGS; cat args; print DO""NE'
zpty -r z out '*DONE*'
print -r -- "$listing$out"
zpty -d z
`;
    const r = spawnSync('zsh', ['-f', '-c', driver], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.replace(/\r/g, '');
  }

  it("offers play's candidates: Tab lists the ones that match the word", async () => {
    await project.write({ 'completion.zsh': ZSH_COMPLETION, answer: 'setup\nservice\nshell\n' });
    const out = typeTab('play exec all -m se', 'setup');
    expect(out).toMatch(/service {2}setup/);
    expect(out).not.toMatch(/shell/);
    expect(out.slice(out.indexOf('ARGS\n'))).toContain('ARGS\n__complete\n4\n--\nplay\nexec\nall\n-m\nse\nDONE');
  });

  it('falls back to file names when play offers nothing', async () => {
    await project.write({ 'completion.zsh': ZSH_COMPLETION, answer: '', 'site.yml': '- hosts: all\n' });
    const out = typeTab('play run si', 'site.yml');
    expect(out).toContain('play run site.yml');
  });
});
