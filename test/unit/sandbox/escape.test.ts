// The escape suite against the namespace driver (real bwrap, real guest agent).

import { NamespaceDriver } from '../../../src/sandbox/drivers/namespace';
import { NO_IMAGE } from '../../support/needs';
import { findTestImage } from '../../support/sandboxFixture';
import { runEscapeSuite } from '../../support/sandboxEscapeSuite';

runEscapeSuite('namespace', () => {
  const imageDir = findTestImage();
  return imageDir ? { driver: new NamespaceDriver(), imageDir } : NO_IMAGE;
});
