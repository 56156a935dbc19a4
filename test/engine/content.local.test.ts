import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { LOCAL_HOSTS } from '../support/project.js';
import { defineContentSuite } from './content-suite.js';

defineContentSuite('the local connection', {
  hosts: LOCAL_HOSTS,
  read: (_h, p) => readFile(p, 'utf8'),
  write: (_h, p, c) => writeFile(p, c),
  mode: async (_h, p) => (await stat(p)).mode & 0o7777,
  exists: (_h, p) =>
    access(p).then(
      () => true,
      () => false,
    ),
});
