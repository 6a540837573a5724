// The escape suite against the namespace driver (real bwrap, real guest agent).

import { NamespaceDriver } from '../../src/sandbox/drivers/namespace';
import { findTestImage } from './sandboxFixture';
import { runEscapeSuite } from './sandboxEscapeSuite';

runEscapeSuite('namespace', () => {
  const imageDir = findTestImage();
  return imageDir ? { driver: new NamespaceDriver(), imageDir } : undefined;
});
