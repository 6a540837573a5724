// Heap settings for a `cowork doc` process. Reading a large workbook streams tens of
// megabytes of XML through short-lived strings; V8 answers that by growing its young
// generation step by step to its maximum (two 16 MiB halves on 64-bit), and by growing
// the old generation generously between full collections. Keeping the young generation
// at its starting size cut the peak of reading a 100,000 x 20 sheet from ~104 to ~93 MiB
// at the same speed; --optimize-for-size, set here after start-up (so it changes the
// heap's growth, not how the code is compiled), took it from ~82 to ~68 MiB, again at the
// same CPU time (bench/xlsxReadMemory.bench.ts). Given on node's command line instead it
// costs half as much CPU again. Only for processes that run one document command and
// exit (cowork-doc.js, `cowork doc`): the extension host and agent runs keep V8's defaults.

import { setFlagsFromString } from 'node:v8';

export function useStreamingHeap(): void {
  // Read by V8 each time the young generation would grow; 1 means it does not.
  setFlagsFromString('--semi-space-growth-factor=1');
  // Read by the heap's growth heuristics: grow less, collect sooner.
  setFlagsFromString('--optimize-for-size');
}
