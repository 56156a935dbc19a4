import { describe, expect, it } from 'vitest';
import { alignBoolean, changesApplied, compareParams, configAfter, diffTexts, normalizeValue, PHONE_MASK, suggestNames } from '../../src/modules/phone/spa-compare.js';

const phone = new Map([
  ['Line_Enable_1_', 'Yes'],
  ['Proxy_1_', ''],
  ['Password_1_', PHONE_MASK],
  ['User_Password', ''],
  ['Admin_Passwd', PHONE_MASK],
]);

describe('spa_phone comparison', () => {
  it('normalizes booleans to Yes/No and trims', () => {
    expect([true, false, 3600, ' x ', null].map(normalizeValue)).toEqual(['Yes', 'No', '3600', 'x', '']);
  });

  it('accepts yes/no spellings for Yes/No parameters only', () => {
    const current = new Map([['Line_Enable_1_', 'Yes'], ['Station_Name', '']]);
    const cmp = compareParams(current, new Map([['Line_Enable_1_', 'on'], ['Station_Name', 'no']]), { updatePassword: 'on_create' });
    expect([...cmp.changes]).toEqual([['Station_Name', 'no']]);
    expect(alignBoolean('Yes', 'FALSE')).toBe('No');
  });

  it('changes only what differs and reports unknown names', () => {
    const wanted = new Map([['Line_Enable_1_', 'Yes'], ['Proxy_1_', '10.0.0.1'], ['Bogus_1_', 'x']]);
    const cmp = compareParams(phone, wanted, { updatePassword: 'on_create' });
    expect([...cmp.changes]).toEqual([['Proxy_1_', '10.0.0.1']]);
    expect(cmp.unknown).toEqual(['Bogus_1_']);
  });

  it('treats masked passwords per update_password', () => {
    const wanted = new Map([['Password_1_', 's3cret'], ['User_Password', 'u5er'], ['Admin_Passwd', 'adm1n']]);
    const onCreate = compareParams(phone, wanted, { updatePassword: 'on_create', acceptedAdminPassword: 'adm1n' });
    expect([...onCreate.changes.keys()]).toEqual(['User_Password']);
    expect(onCreate.unverifiable).toEqual(['Password_1_']);
    const always = compareParams(phone, wanted, { updatePassword: 'always', acceptedAdminPassword: 'other' });
    expect([...always.changes.keys()]).toEqual(['Password_1_', 'User_Password', 'Admin_Passwd']);
    // a different admin password than the one the phone just accepted is known to differ
    const newAdmin = compareParams(phone, new Map([['Admin_Passwd', 'n3w']]), { updatePassword: 'on_create', acceptedAdminPassword: 'adm1n' });
    expect([...newAdmin.changes.keys()]).toEqual(['Admin_Passwd']);
    // clearing a set password is always a change
    expect([...compareParams(phone, new Map([['Password_1_', '']]), { updatePassword: 'on_create' }).changes.keys()]).toEqual(['Password_1_']);
  });

  it('diffs never show passwords', () => {
    const wanted = new Map([['Proxy_1_', '10.0.0.1'], ['Password_1_', 's3cret']]);
    const changes = new Map(wanted);
    const { before, after } = diffTexts(phone, wanted, changes);
    expect(before).toBe('Proxy_1_ = \nPassword_1_ = ********\n');
    expect(after).toBe('Proxy_1_ = 10.0.0.1\nPassword_1_ = ******** (changed)\n');
  });

  it('predicts the reported configuration and recognises it when applied', () => {
    const changes = new Map([['Proxy_1_', '10.0.0.1'], ['User_Password', 'u5er']]);
    const after = configAfter(phone, changes);
    expect(after.get('User_Password')).toBe(PHONE_MASK);
    expect(changesApplied(after, changes)).toBe(true);
    expect(changesApplied(phone, changes)).toBe(false);
  });

  it('suggests case fixes', () => {
    expect(suggestNames(['proxy_1_', 'Nope'], phone.keys())).toEqual(['proxy_1_ → Proxy_1_']);
  });
});
