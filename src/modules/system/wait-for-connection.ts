/** wait_for_connection: wait until the host answers a command over its connection again. */
import { z } from 'zod';
import { aint } from '../schema.js';
import { defineModule } from '../types.js';

const args = z.strictObject({
  connect_timeout: aint().default(5),
  delay: aint().default(0),
  sleep: aint().default(1),
  timeout: aint().default(600),
});

export const waitForConnection = defineModule({
  name: 'wait_for_connection',
  description: 'Waits until the remote system is reachable/usable',
  checkMode: 'not run: check mode does not wait',
  args,
  async plan(a) {
    return {
      changes: [{ describe: `wait up to ${a.timeout} s for the connection`, apply: { kind: 'controller', step: { name: 'wait_for_connection', connectTimeoutS: a.connect_timeout, delayS: a.delay, sleepS: a.sleep, timeoutS: a.timeout } } }],
      changed: false,
    };
  },
});
