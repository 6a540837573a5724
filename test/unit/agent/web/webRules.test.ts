// The pure rules behind web_fetch: which addresses are private, robots.txt matching,
// proxy choice with NO_PROXY, which URLs a task knows, and domain permissions.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AlwaysAllowedFile } from '../../../../src/agent/web/alwaysAllowedFile';
import { DomainPermissions } from '../../../../src/agent/web/domainPermissions';
import { KnownUrls } from '../../../../src/agent/web/knownUrls';
import { proxyFor } from '../../../../src/agent/web/proxySettings';
import { RobotsRules } from '../../../../src/agent/web/robotsTxt';
import { AddressAllowList, isPublicAddress, parseFetchUrl } from '../../../../src/agent/web/webAddress';

describe('web fetch: rules', () => {
  it('tells public addresses from loopback, link-local, private and reserved ones', () => {
    for (const a of ['127.0.0.1', '127.8.9.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1']) {
      assert.equal(isPublicAddress(a), false, a);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPublicAddress(a), true, a);
    const allow = new AddressAllowList(['127.0.0.1', '10.0.0.0/8']);
    assert.equal(allow.allows('127.0.0.1'), true);
    assert.equal(allow.allows('127.0.0.2'), false);
    assert.equal(allow.allows('10.200.1.1'), true);
    assert.throws(() => new AddressAllowList(['localhost']), /not an IP address/);
  });

  it('upgrades http URLs and refuses what is not a web address', () => {
    assert.deepEqual(
      { url: parseFetchUrl('http://Example.com/a#frag').url.href, from: parseFetchUrl('http://Example.com/a#frag').upgradedFrom },
      { url: 'https://example.com/a', from: 'http://example.com/a' },
    );
    assert.throws(() => parseFetchUrl('file:///etc/passwd'), /http\(s\) pages only/);
    assert.throws(() => parseFetchUrl('example.com'), /not a URL/);
  });

  it('reads robots.txt groups and rules as RFC 9309 does', () => {
    const rules = RobotsRules.parse('User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /private\nAllow: /private/ok$\nDisallow: /*.pdf$\n');
    assert.equal(rules.allows('/'), true);
    assert.equal(rules.allows('/private/x'), false);
    assert.equal(rules.allows('/private/ok'), true);
    assert.equal(rules.allows('/private/ok/more'), false);
    assert.equal(rules.allows('/paper.pdf'), false);
    assert.equal(rules.allows('/paper.pdf?x=1'), true);
    assert.equal(RobotsRules.parse('User-agent: *\nDisallow:\n').allows('/anything'), true);
    assert.equal(RobotsRules.parse('User-agent: cowork\nUser-agent: other\nDisallow: /x\n').allows('/x'), false, 'a group may name several agents');
  });

  it('picks the proxy: VS Code http.proxy first, then the environment, NO_PROXY to go direct', () => {
    const https = new URL('https://docs.example.com/a');
    assert.equal(proxyFor(https, { env: {} }), undefined);
    assert.equal(proxyFor(https, { env: { HTTPS_PROXY: 'http://proxy:3128' } })?.href, 'http://proxy:3128/');
    assert.equal(proxyFor(new URL('http://x.test/'), { env: { HTTPS_PROXY: 'http://p:1' } }), undefined, 'http uses HTTP_PROXY only');
    assert.equal(proxyFor(https, { httpProxy: 'corp:8080', env: { HTTPS_PROXY: 'http://other:1' } })?.href, 'http://corp:8080/');
    for (const noProxy of ['example.com', '.example.com', '*.example.com', 'docs.example.com:443', 'a.test, example.com', '*']) {
      assert.equal(proxyFor(https, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy } }), undefined, noProxy);
    }
    assert.ok(proxyFor(https, { env: { HTTPS_PROXY: 'http://p:1', no_proxy: 'ample.com,docs.example.com:8443' } }));
  });

  it('knows the URLs the person wrote, search returned and pages linked, and nothing else', () => {
    const known = new KnownUrls();
    known.observe({ type: 'task.created', title: 't', prompt: 'Check my blog (https://blog.example/posts). Thanks!', folder: '/f', model: 'm' });
    known.observe({ type: 'web.searched', turn: 1, query: 'q', results: [{ title: 'A', url: 'https://news.example/a' }] });
    known.observe({ type: 'question.answered', questionId: 'q1', answer: 'try http://wiki.example/page#top' });
    assert.equal(known.has('https://blog.example/posts'), true);
    assert.equal(known.has('http://blog.example/posts#x'), true, 'scheme and fragment do not matter');
    assert.equal(known.has('https://news.example/a'), true);
    assert.equal(known.has('https://wiki.example/page'), true);
    assert.equal(known.has('https://blog.example/posts?leak=notes.md'), false);
    assert.equal(known.has('https://attacker.example/'), false);
  });

  it('asks about a domain once, remembers "for this task" and "always", and lets blocks win', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'web-always-')), 'web-domains.json');
    const always = new AlwaysAllowedFile(file);
    const settings = { allowedDomains: ['docs.example.com'], blockedDomains: ['evil.example', 'bad.docs.example.com'] };
    const p = new DomainPermissions(() => settings, always);
    assert.deepEqual(p.decide('docs.example.com'), { verdict: 'allowed', why: 'settings' });
    assert.deepEqual(p.decide('api.docs.example.com'), { verdict: 'allowed', why: 'settings' });
    assert.deepEqual(p.decide('bad.docs.example.com'), { verdict: 'blocked' });
    assert.deepEqual(p.decide('www.evil.example'), { verdict: 'blocked' });
    assert.deepEqual(p.decide('blog.example'), { verdict: 'ask' });
    await p.record('blog.example', true, 'once');
    assert.deepEqual(p.decide('blog.example'), { verdict: 'ask' }, 'once is once');
    await p.record('blog.example', true, 'task');
    assert.deepEqual(p.decide('blog.example'), { verdict: 'allowed', why: 'task' });
    await p.record('news.example', false);
    assert.deepEqual(p.decide('news.example'), { verdict: 'declined' });
    await p.record('wiki.example', true, 'always');
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { alwaysAllowed: ['wiki.example'] });
    const nextTask = new DomainPermissions(() => settings, new AlwaysAllowedFile(file));
    assert.deepEqual(nextTask.decide('wiki.example'), { verdict: 'allowed', why: 'always' });
    assert.deepEqual(nextTask.decide('blog.example'), { verdict: 'ask' }, '"for this task" ends with the task');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
