// The whole hostile corpus, pages and folder files, in the order RESULTS.md lists them.

import { SEARCH_CASE, WEB_CASES, type HostileCase } from './hostileCases';
import { FILE_CASES } from './hostileFiles';

export type { HostileCase } from './hostileCases';
export const HOSTILE_CASES: HostileCase[] = [...WEB_CASES, SEARCH_CASE, ...FILE_CASES];
