// Who can build the image and what they are told when they cannot: root uses
// mmdebstrap's root mode, an ordinary user its unshare mode, and each missing
// piece (subordinate ids, user namespaces, uidmap, mmdebstrap) is named with
// its fix. The last case runs the real check as an ordinary user on this host.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { BuildUnavailableError, checkBuildHost, subordinateCount, type HostView } from '../../../../src/sandbox/image/buildHost';
import { REPO_ROOT } from '../../../support/repoRoot';

function host(over: Partial<HostView> & { files?: Record<string, string> } = {}): HostView {
  const files: Record<string, string> = {
    '/etc/subuid': 'alice:100000:65536\n',
    '/etc/subgid': 'alice:100000:65536\n',
    '/proc/sys/user/max_user_namespaces': '15000\n',
    ...over.files,
  };
  return {
    platform: 'linux',
    uid: 1000,
    user: 'alice',
    read: (p) => files[p],
    has: () => true,
    probeUserns: () => undefined,
    ...over,
  };
}

function missing(h: HostView): string[] {
  try {
    checkBuildHost(h);
  } catch (e) {
    assert.ok(e instanceof BuildUnavailableError);
    return e.missing;
  }
  assert.fail('expected the check to fail');
}

describe('sandbox image: who can build it', () => {
  it('root builds in root mode, an ordinary user with subordinate ids in unshare mode', () => {
    assert.equal(checkBuildHost(host({ uid: 0, user: 'root', files: { '/etc/subuid': '' } })), 'root');
    assert.equal(checkBuildHost(host()), 'unshare');
    // Ranges may be split, and given by uid instead of name.
    assert.equal(subordinateCount('1000:100000:30000\nalice:200000:40000\nbob:1:99999\n', 'alice', 1000), 70000);
  });

  it('names a missing subordinate range with the usermod line that adds it', () => {
    const m = missing(host({ files: { '/etc/subuid': 'bob:100000:65536\n', '/etc/subgid': 'alice:100000:1000\n' } }));
    assert.deepEqual(m, [
      'no subordinate uid range for alice in /etc/subuid (need 65536; as root: usermod --add-subuids 100000-165535 alice)',
      'only 1000 subordinate gid range for alice in /etc/subgid (need 65536; as root: usermod --add-subgids 100000-165535 alice)',
    ]);
  });

  it('names disabled user namespaces (sysctl, Debian switch, AppArmor) and a failing probe', () => {
    assert.match(missing(host({ files: { '/proc/sys/user/max_user_namespaces': '0' } })).join('\n'), /user namespaces are disabled \(user\.max_user_namespaces = 0/);
    assert.match(missing(host({ files: { '/proc/sys/kernel/unprivileged_userns_clone': '0\n' } })).join('\n'), /kernel\.unprivileged_userns_clone=1/);
    assert.match(missing(host({ files: { '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1' } })).join('\n'), /AppArmor restricts/);
    assert.deepEqual(missing(host({ probeUserns: () => 'user namespaces do not work here (unshare --user failed: Operation not permitted)' })), [
      'user namespaces do not work here (unshare --user failed: Operation not permitted)',
    ]);
  });

  it('names missing tools with their Debian packages, and sends macOS to a download', () => {
    const m = missing(host({ has: (c) => !['mmdebstrap', 'newuidmap', 'newgidmap'].includes(c) }));
    assert.deepEqual(m, [
      'mmdebstrap is not installed (apt-get install mmdebstrap)',
      'newuidmap is not installed (apt-get install uidmap)',
      'newgidmap is not installed (apt-get install uidmap)',
    ]);
    assert.match(missing(host({ platform: 'darwin' }))[0]!, /needs Linux.*cowork\.sandbox\.imageUrl.*COWORK_IMAGE_URL/);
    assert.match(new BuildUnavailableError(m).message, /^cannot build the sandbox image on this machine:\n {2}- mmdebstrap/);
  });

  it('the real check as an ordinary user on this host: unshare mode, or a named reason', function () {
    if (process.getuid?.() !== 0) return this.skip();
    // nobody has no subordinate range on a stock system: the message must say so.
    const script = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); const b = require(${JSON.stringify(`${REPO_ROOT}/src/sandbox/image/buildHost.ts`)});
      try { console.log(b.checkBuildHost()); } catch (e) { console.log(e.message); }`;
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8', cwd: '/' });
    assert.match(out, /unshare|subordinate uid range for nobody in \/etc\/subuid/);
  });
});
