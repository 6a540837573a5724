// What the extension's sandbox notification shows, without VS Code: increments
// that add up to the overall percent (withProgress sums them), phase names in
// the message, and a failure turned into a message with the right buttons.

import { strict as assert } from 'node:assert';
import { ImageDownloadError } from '../../../src/sandbox/image/download';
import { PrepareUnavailableError } from '../../../src/sandbox/image/prepare';
import { PrepareCancelled } from '../../../src/sandbox/image/progress';
import { describeFailure, NotificationSteps } from '../../../src/views/sandboxPrepProgress';

describe('views: sandbox preparation notification', () => {
  it('reports increments that sum to the percent reached, with the phase and percent in the message', () => {
    const n = new NotificationSteps();
    const reports = [
      n.next({ phase: 'download', percent: 2, message: 'looking for image v (amd64)' }),
      n.next({ phase: 'download', percent: 31, message: 'downloading 40 of 78 MiB' }),
      n.next({ phase: 'download', percent: 25, message: 'downloading 41 of 78 MiB' }), // never backwards
      n.next({ phase: 'unpack', percent: 70, message: 'unpacking the image' }),
      n.next({ phase: 'verify', percent: 90, message: 'checking every file of the image' }),
      n.next({ phase: 'install', percent: 100, message: 'sandbox image ready' }),
    ];
    assert.deepEqual(reports.map((r) => r.increment), [2, 29, 0, 39, 20, 10]);
    assert.equal(reports.reduce((a, r) => a + r.increment, 0), 100);
    assert.equal(reports[1]!.message, 'Downloading: 40 of 78 MiB (31%)');
    assert.equal(reports[3]!.message, 'Unpacking: the image (70%)');
    assert.equal(reports[4]!.message, 'Verifying: every file of the image (90%)');
    const build = new NotificationSteps().next({ phase: 'build', percent: 40, message: 'installing packages' });
    assert.equal(build.message, 'Building: installing packages (40%)');
  });

  it('explains a failure: what is missing (with the URL setting), a bad download, a cancel shows nothing', () => {
    const unavailable = describeFailure(new PrepareUnavailableError(['no subordinate uid range for alice in /etc/subuid (…)', 'mmdebstrap is not installed (apt-get install mmdebstrap)']));
    assert.match(unavailable.message!, /cannot prepare its sandbox here: no subordinate uid range .*; mmdebstrap is not installed .*cowork\.sandbox\.imageUrl/);
    assert.equal(unavailable.offerUrlSetting, true);
    const bad = describeFailure(new ImageDownloadError('x.tar.br does not match its sha256'));
    assert.equal(bad.message, 'Cowork could not download the sandbox image: x.tar.br does not match its sha256');
    assert.deepEqual(describeFailure(new PrepareCancelled()), { offerUrlSetting: false });
    assert.equal(describeFailure(new Error('mmdebstrap exited with 1:\nlots of output')).message, 'Cowork could not prepare the sandbox: mmdebstrap exited with 1:');
  });
});
