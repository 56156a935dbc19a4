import { describe, expect, test } from 'vitest';
import { Templar } from './index.js';

const templar = new Templar();
const r = (src: string, url: string): unknown => templar.renderValue(src, { url });

// expected values printed by Python 3.11's urlsplit under ansible-core 2.14
describe('urlsplit as Ansible has it', () => {
  test.each([
    ['https://user:pass@www.example.com:9000/dir/index.html?query=term#fragment', { fragment: 'fragment', hostname: 'www.example.com', netloc: 'user:pass@www.example.com:9000', password: 'pass', path: '/dir/index.html', port: 9000, query: 'query=term', scheme: 'https', username: 'user' }],
    ['http://[::1]:80/x', { fragment: '', hostname: '::1', netloc: '[::1]:80', password: null, path: '/x', port: 80, query: '', scheme: 'http', username: null }],
    ['HTTP://Host.Com', { fragment: '', hostname: 'host.com', netloc: 'Host.Com', password: null, path: '', port: null, query: '', scheme: 'http', username: null }],
    ['a/b', { fragment: '', hostname: null, netloc: '', password: null, path: 'a/b', port: null, query: '', scheme: '', username: null }],
    ['//h:0', { fragment: '', hostname: 'h', netloc: 'h:0', password: null, path: '', port: 0, query: '', scheme: '', username: null }],
    ['http://u@h:/p', { fragment: '', hostname: 'h', netloc: 'u@h:', password: null, path: '/p', port: null, query: '', scheme: 'http', username: 'u' }],
  ])('%s', (url, expected) => {
    expect(r('{{ url | urlsplit }}', url)).toEqual(expected);
  });

  test('one component, and an unknown one is an error', () => {
    expect(r("{{ url | urlsplit('hostname') }}", 'https://EX.org:8/')).toBe('ex.org');
    expect(r("{{ url | urlsplit('port') }}", 'https://EX.org:8/')).toBe(8);
    expect(() => r("{{ url | urlsplit('host') }}", 'https://ex.org/')).toThrow(/unknown URL component: host/);
    expect(() => r('{{ url | urlsplit }}', 'http://h:x/')).toThrow(/Port could not be cast/);
  });
});
