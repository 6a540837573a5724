// The escape suite against the namespace driver (real bwrap, real guest agent).

import { NamespaceDriver } from '../../../src/sandbox/drivers/namespace';
import { findTestImage } from '../../support/sandboxFixture';
import { runEscapeSuite } from '../../support/sandboxEscapeSuite';

runEscapeSuite('namespace', () => {
  const imageDir = findTestImage();
  return imageDir ? { driver: new NamespaceDriver(), imageDir } : undefined;
});
