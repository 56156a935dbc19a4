import { describe, expect, it } from 'vitest';
import { renderModulesDoc } from '../../src/modules/docs.js';
import { allModules } from '../../src/modules/registry.js';

describe('docs/modules.md', () => {
  it('matches the modules registered in the code', async () => {
    await expect(renderModulesDoc(allModules())).toMatchFileSnapshot('../../docs/modules.md');
  });
});
