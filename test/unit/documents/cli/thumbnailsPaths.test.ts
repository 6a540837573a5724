// `cowork doc thumbnails` names what it wrote under $HOME as ~/…: in the sandbox $HOME is
// the task's scratch folder, and `read_file ~/grid.png` is how the agent opens it. The
// sheet names of a grid that needs several images.

import * as assert from 'node:assert/strict';
import { homeRelative, sheetName } from '../../../../src/documents/cli/thumbnailsCommand';

describe('documents/cli: thumbnails output paths', () => {
  const saved = process.env.HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.HOME;
    else process.env.HOME = saved;
  });

  it('shows a file under $HOME as ~/… and leaves every other path as given', () => {
    process.env.HOME = '/scratch/abc123';
    assert.equal(homeRelative('/scratch/abc123/grid.png'), '~/grid.png');
    assert.equal(homeRelative('/scratch/abc123/out/grid-2.png'), '~/out/grid-2.png');
    assert.equal(homeRelative('/scratch/abc1234/grid.png'), '/scratch/abc1234/grid.png', 'a sibling that only shares the prefix');
    assert.equal(homeRelative('/workspace/grid.png'), '/workspace/grid.png');
    process.env.HOME = '/scratch/abc123/';
    assert.equal(homeRelative('/scratch/abc123/grid.png'), '~/grid.png', 'a trailing slash on $HOME');
    delete process.env.HOME;
    assert.equal(homeRelative('/scratch/abc123/grid.png'), '/scratch/abc123/grid.png');
  });

  it('numbers the further sheets of a grid', () => {
    assert.equal(sheetName('/scratch/s/grid.png', 2), '/scratch/s/grid-2.png');
    assert.equal(sheetName('slides/deck.PNG', 3), 'slides/deck-3.PNG');
  });
});
