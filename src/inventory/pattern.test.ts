import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlayError } from '../errors.js';
import { loadInventory } from './load.js';
import { globToRegExp, orderPatterns, splitHostPattern } from './pattern.js';
import type { Inventory } from './types.js';

const INVENTORY = `
all:
  hosts:
    loner:
  children:
    web:
      hosts:
        web1:
        web2:
        web3:
    db:
      hosts:
        db1:
        db2:
    staging:
      hosts:
        web1:
        db1:
    lab:
      children:
        web:
        db:
    mail.example:
      hosts:
        mx1.example:
`;

let root = '';
let inv: Inventory;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'play-pat-'));
  await writeFile(path.join(root, 'hosts.yml'), INVENTORY);
  await writeFile(path.join(root, 'limit.txt'), 'db2\n\n!web2\nweb*\n');
  inv = await loadInventory([path.join(root, 'hosts.yml')]);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('splitHostPattern', () => {
  it.each([
    ['web,db', ['web', 'db']],
    [' web , !db ,', ['web', '!db']],
    ['web:db', ['web', 'db']],
    ['web:&staging:!db1', ['web', '&staging', '!db1']],
    ['web[1:3]:db', ['web[1:3]', 'db']],
    ['web[0:2]', ['web[0:2]']],
    ['fe80::1', ['fe80::1']],
    ['web1:2222', ['web1:2222']],
    ['web:db,lab', ['web:db', 'lab']],
  ])('%s → %j', (pattern, expected) => {
    expect(splitHostPattern(pattern)).toEqual(expected);
  });

  it('joins a list of patterns', () => {
    expect(splitHostPattern(['web,db', 'lab'])).toEqual(['web', 'db', 'lab']);
  });

  it('replaces @file by the lines of the file', () => {
    expect(splitHostPattern('@hosts.txt,x', (f) => (f === 'hosts.txt' ? 'a\n\n b \n' : ''))).toEqual(['a', 'b', 'x']);
  });
});

describe('orderPatterns', () => {
  it('puts regular, then &, then ! patterns', () => {
    expect(orderPatterns(['!a', '&b', 'c', 'd'])).toEqual(['c', 'd', '&b', '!a']);
  });
  it('starts from all when only ! or & is given', () => {
    expect(orderPatterns(['!a'])).toEqual(['all', '!a']);
  });
});

describe('globToRegExp', () => {
  it('translates fnmatch wildcards and escapes the rest', () => {
    const re = new RegExp(`^${globToRegExp('w?b[!x]*.ex[ab]')}$`);
    expect(re.test('web1.exa')).toBe(true);
    expect(re.test('wxbx.exa')).toBe(false);
    expect(re.test('web1Xexa')).toBe(false);
  });
});

describe('Inventory.select', () => {
  it.each<[string | string[], string[]]>([
    ['all', ['loner', 'web1', 'web2', 'web3', 'db1', 'db2', 'mx1.example']],
    ['*', ['loner', 'web1', 'web2', 'web3', 'db1', 'db2', 'mx1.example']],
    ['web2', ['web2']],
    ['web', ['web1', 'web2', 'web3']],
    ['lab', ['web1', 'web2', 'web3', 'db1', 'db2']],
    ['ungrouped', ['loner']],
    ['db,web', ['db1', 'db2', 'web1', 'web2', 'web3']],
    ['db:web', ['db1', 'db2', 'web1', 'web2', 'web3']],
    ['web1,web', ['web1', 'web2', 'web3']],
    [['db2', 'db1'], ['db2', 'db1']],
    ['web*', ['web1', 'web2', 'web3']],
    ['*.example', ['mx1.example']],
    ['mail.example', ['mx1.example']],
    ['db?', ['db1', 'db2']],
    ['~(web|db)[13]', ['web1', 'web3', 'db1']],
    ['~eb', []],
    ['lab:!staging', ['web2', 'web3', 'db2']],
    ['lab,!web', ['db1', 'db2']],
    ['!lab', ['loner', 'mx1.example']],
    ['web:&staging', ['web1']],
    ['&staging', ['web1', 'db1']],
    ['!staging:lab:&web', ['web2', 'web3']],
    ['web[0]', ['web1']],
    ['web[-1]', ['web3']],
    ['web[0:1]', ['web1', 'web2']],
    ['web[1:]', ['web2', 'web3']],
    ['lab[1:3]', ['web2', 'web3', 'db1']],
    ['nothing', []],
    ['nothing*', []],
  ])('%j → %j', (pattern, expected) => {
    expect(inv.select(pattern)).toEqual(expected);
  });

  it('reads patterns from @file', () => {
    expect(inv.select(`@${path.join(root, 'limit.txt')}`)).toEqual(['db2', 'web1', 'web3']);
  });

  it('fails on a subscript out of range and on a bad regex', () => {
    expect(() => inv.select('web[7]')).toThrow(PlayError);
    expect(() => inv.select('~web(')).toThrow(/invalid host pattern/);
  });

  it('fails on a missing @file', () => {
    expect(() => inv.select(`@${path.join(root, 'missing.txt')}`)).toThrow(/cannot read/);
  });
});

describe('implicit localhost', () => {
  it('matches localhost and 127.0.0.1 without being in the inventory', () => {
    expect(inv.select('localhost')).toEqual(['localhost']);
    expect(inv.select('127.0.0.1')).toEqual(['localhost']);
    expect(inv.select('localhost,web1')).toEqual(['localhost', 'web1']);
    expect(inv.hosts.has('localhost')).toBe(false);
  });

  it('is not part of all', () => {
    expect(inv.select('all')).not.toContain('localhost');
    expect(inv.groupsMap()['all']).not.toContain('localhost');
  });

  it('connects locally and belongs to no group', () => {
    expect(inv.hostVars('localhost')).toEqual({ ansible_connection: 'local' });
    expect(inv.groupNames('localhost')).toEqual([]);
  });

  it('is the inventory host when localhost is listed', async () => {
    const file = path.join(root, 'local.ini');
    await writeFile(file, '[ctl]\nlocalhost ansible_connection=local x=1\n');
    const local = await loadInventory([file]);
    expect(local.select('127.0.0.1')).toEqual(['localhost']);
    expect(local.select('all')).toEqual(['localhost']);
    expect(local.hostVars('localhost')).toMatchObject({ x: 1 });
  });
});

describe('groupNames and groupsMap', () => {
  it('lists every group of a host, through parents, sorted, without all', () => {
    expect(inv.groupNames('web1')).toEqual(['lab', 'staging', 'web']);
    expect(inv.groupNames('loner')).toEqual(['ungrouped']);
  });

  it('maps each group, all and ungrouped included, to its hosts', () => {
    const groups = inv.groupsMap();
    expect(Object.keys(groups)).toEqual(['all', 'ungrouped', 'web', 'db', 'staging', 'lab', 'mail.example']);
    expect(groups['lab']).toEqual(['web1', 'web2', 'web3', 'db1', 'db2']);
    expect(groups['ungrouped']).toEqual(['loner']);
  });

  it('hands out copies', () => {
    inv.groupsMap()['web']?.push('intruder');
    expect(inv.select('web')).toEqual(['web1', 'web2', 'web3']);
  });

  it('refuses variables of a host that does not exist', () => {
    expect(() => inv.hostVars('ghost')).toThrow(/not in the inventory/);
  });
});

describe('empty patterns', () => {
  it.each(['', ' ', ',', [] as string[]])('%j selects nothing', (pattern) => {
    expect(inv.select(pattern)).toEqual([]);
  });
});
