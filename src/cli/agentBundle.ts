// Entry of dist/cli-agent.js: what the `cowork` command loads only when it needs more than
// the document engine (src/cli.ts): `cowork run` / `cowork undo`, and the sandbox that
// `cowork doc recalc` and `cowork doc thumbnails` run LibreOffice in.

export { agentCli } from './agentCli';
export { sandboxCalcEngine } from './sandboxRecalc';
export { sandboxDeckRenderer } from './sandboxThumbnails';
