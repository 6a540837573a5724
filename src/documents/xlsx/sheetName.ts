// Excel's rules for sheet names: 1-31 characters, none of \ / ? * [ ] :, not starting
// or ending with an apostrophe, unique regardless of case, and not "History".

import { DocumentError } from '../ooxml';

export function checkSheetName(name: string, existing: string[]): void {
  const why =
    !name.trim() ? 'is empty'
    : name.length > 31 ? 'is longer than 31 characters'
    : /[\\/?*[\]:]/.test(name) ? 'contains one of \\ / ? * [ ] :'
    : /^'|'$/.test(name) ? 'starts or ends with an apostrophe'
    : name.toLowerCase() === 'history' ? 'is reserved by Excel'
    : existing.some((e) => e.toLowerCase() === name.toLowerCase()) ? 'is already used by another sheet'
    : undefined;
  if (why) throw new DocumentError('INVALID_ARGUMENT', `the sheet name "${name}" ${why}`);
}
