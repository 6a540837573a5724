// Entry of dist/cowork-doc.js, the stand-alone `cowork doc` that skills run inside the
// sandbox (`node /opt/cowork/cowork-doc.js text contract.docx`). Node 18 compatible.

import { runDoc } from './runDoc';
import { useStreamingHeap } from './streamingHeap';

useStreamingHeap();

runDoc(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`cowork doc: internal error: ${(err as Error)?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
