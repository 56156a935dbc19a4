import { describe, expect, it } from 'vitest';
import { reloadCommandsForFiles, reloadTargetFor } from './reload-plan.js';

describe('asterisk reload plan', () => {
  it('maps config files to their reload', () => {
    expect(reloadTargetFor('/etc/asterisk/extensions_custom.conf')).toBe('dialplan');
    expect(reloadTargetFor('iax_custom.conf')).toBe('iax2');
    expect(reloadTargetFor('pjsip_trunks.conf')).toBe('pjsip');
    expect(reloadTargetFor('sip_nat.conf')).toBe('sip');
    expect(reloadTargetFor('musiconhold.conf')).toBe('core');
  });

  it('is minimal and ordered', () => {
    expect(reloadCommandsForFiles(['sip.conf', 'extensions.conf', 'extensions_custom.conf'])).toEqual(['dialplan reload', 'sip reload']);
    expect(reloadCommandsForFiles(['sip.conf', 'modules.conf'])).toEqual(['core reload']);
    expect(reloadCommandsForFiles([])).toEqual([]);
  });
});
