/**
 * Running Ansible itself (ansible-core 2.14, local connection) for differential tests: when it is
 * not installed the differential half of a test is skipped, and the recorded expectations
 * (taken from Ansible) still hold play to its behaviour.
 */
import { execFile, spawnSync } from 'node:child_process';

export const ansibleInstalled = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * ansible-playbook -i localhost, -c local; the exit code and the output. Asynchronous, so that
 * a server in the test's own process (an HTTP fixture) can answer Ansible meanwhile.
 */
export function runAnsiblePlaybook(playbook: string, opts: { cwd: string; extraVars?: Record<string, string> }): Promise<{ code: number; output: string }> {
  const extra = Object.entries(opts.extraVars ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_LOCALHOST_WARNING: '0' };
  return new Promise((resolve) => {
    execFile('ansible-playbook', ['-i', 'localhost,', '-c', 'local', ...extra, playbook], { cwd: opts.cwd, env, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** `ansible localhost -c local -m MOD -a ARGS` with the JSON callback: the module's result. */
export function runAnsibleModule(module: string, args: Record<string, unknown>, cwd: string): Record<string, unknown> {
  const res = spawnSync('ansible', ['localhost', '-i', 'localhost,', '-c', 'local', '-m', module, '-a', JSON.stringify(args)], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: '0' },
  });
  const doc = JSON.parse(res.stdout) as { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] };
  return doc.plays[0]?.tasks[0]?.hosts.localhost ?? {};
}
