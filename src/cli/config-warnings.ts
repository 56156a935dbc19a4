import type { ProjectConfig } from '../project/config.js';
import type { Io } from './reporters.js';

/** ansible.cfg settings play does not use are named, never dropped silently. */
export function warnIgnoredSettings(config: ProjectConfig, io: Io): void {
  if (config.ignored.length === 0) return;
  io.stderr.write(`[WARNING]: play does not use these ansible.cfg settings: ${config.ignored.join('; ')}\n`);
}
