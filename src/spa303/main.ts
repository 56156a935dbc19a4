import { parseArgs } from 'node:util';
import { startSpa303Emulator } from './emulator.js';

/**
 * Entry script of the SPA303 emulator process the lab starts:
 *   node main.js --address 127.0.10.110 --port 80 --state /path/state.json
 *       [--resync-delay-ms 500] [--reboot-ms 1000] [--basic-auth off|also|only]
 * The factory admin password comes from SPA303_ADMIN_PASSWORD (never argv: argv is public in ps).
 */
const { values } = parseArgs({
  options: {
    address: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '80' },
    state: { type: 'string' },
    'resync-delay-ms': { type: 'string', default: '500' },
    'reboot-ms': { type: 'string', default: '1000' },
    'basic-auth': { type: 'string', default: 'off' },
  },
});

const number = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${text}`);
  return n;
};
const basicAuth = values['basic-auth'];
if (basicAuth !== 'off' && basicAuth !== 'also' && basicAuth !== 'only') throw new Error(`--basic-auth must be off, also or only`);

const stamp = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
const emulator = await startSpa303Emulator({
  address: values.address,
  port: number('port', values.port),
  statePath: values.state,
  adminPassword: process.env.SPA303_ADMIN_PASSWORD || undefined,
  resyncDelayMs: number('resync-delay-ms', values['resync-delay-ms']),
  rebootMs: number('reboot-ms', values['reboot-ms']),
  basicAuth,
  log: stamp,
});
stamp(`SPA303 emulator listening on ${emulator.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
