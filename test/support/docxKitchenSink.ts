// One document with every kind of tracked change the engine reads (in the body, a
// table, a header and a footnote) and a resolved comment thread, plus the texts it must
// give after accepting or rejecting everything. Shared by the docx tests.

import { buildDocx, del, delRun, ins, markDel, markIns, moveFrom, moveTo, para, run, who } from './docxBuilder';

const cell = (inner: string) => `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${inner}</w:tc>`;
const row = (trPr: string, ...cells: string[]) => `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}${cells.map(cell).join('')}</w:tr>`;

export function kitchenSinkDocx(): Buffer {
  const body = [
    para(run('Terms'), `<w:pStyle w:val="Heading1"/><w:pPrChange ${who(20, 'Ana')}><w:pPr/></w:pPrChange>`),
    para(
      run('The ') +
        '<w:commentRangeStart w:id="0"/><w:commentRangeStart w:id="1"/>' +
        run('cap') +
        '<w:commentRangeEnd w:id="0"/><w:commentRangeEnd w:id="1"/>' +
        '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:commentReference w:id="1"/></w:r>' +
        run(' is ') +
        del(1, 'Ana', delRun('one')) +
        ins(2, 'Ben', run('two')) +
        run(' times the fees.'),
    ),
    para(run('Bold ') + `<w:r><w:rPr><w:b/><w:rPrChange ${who(3, 'Ben')}><w:rPr/></w:rPrChange></w:rPr><w:t>word</w:t></w:r>` + run('.')),
    para(
      `<w:moveFromRangeStart w:id="30" w:name="move1" ${who(30, 'Ana').replace('w:id="30" ', '')}/>` +
        moveFrom(4, 'Ana', run('Moved sentence. ')) +
        '<w:moveFromRangeEnd w:id="30"/>' +
        run('Stays here.'),
    ),
    para(
      run('Target: ') +
        `<w:moveToRangeStart w:id="31" w:name="move1" ${who(31, 'Ana').replace('w:id="31" ', '')}/>` +
        moveTo(5, 'Ana', run('Moved sentence. ')) +
        '<w:moveToRangeEnd w:id="31"/>',
    ),
    para(run('First half'), markDel(6, 'Ana')),
    para(run('second half.')),
    para(ins(7, 'Ben', run('Inserted paragraph.')), markIns(8, 'Ben')),
    para(run('After.')),
    '<w:tbl><w:tblPr><w:tblW w:w="4000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>' +
      row('', para(run('A')), para(run('B'))) +
      row(`<w:ins ${who(9, 'Ben')}/>`, para(ins(14, 'Ben', run('New'))), para(ins(15, 'Ben', run('Row')))) +
      row(`<w:del ${who(10, 'Ana')}/>`, para(del(16, 'Ana', delRun('Old'))), para(del(17, 'Ana', delRun('Gone')))) +
      row('', para(run('cell ') + ins(11, 'Ben', run('ins'))), para(run('C'))) +
      '</w:tbl>',
    para(run('End.') + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'),
  ].join('');
  return buildDocx({
    body,
    headers: [para(run('Header ') + ins(12, 'Ben', run('draft')))],
    footnotes: `<w:footnote w:id="1">${para(run('Note ') + del(13, 'Ana', delRun('old ')) + run('text.'))}</w:footnote>`,
    comments:
      `<w:comment w:id="0" w:author="Ana" w:initials="A" w:date="2024-05-01T10:00:00Z"><w:p w14:paraId="00000001"><w:r><w:t>Is this cap too low?</w:t></w:r></w:p></w:comment>` +
      `<w:comment w:id="1" w:author="Ben" w:initials="B" w:date="2024-05-01T11:00:00Z"><w:p w14:paraId="00000002"><w:r><w:t>Raised to two.</w:t></w:r></w:p></w:comment>`,
    commentsExtended: '<w15:commentEx w15:paraId="00000001" w15:done="1"/><w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001" w15:done="1"/>',
  });
}

/** Paragraph texts (body in order, table cells row by row) after accepting everything. */
export const ACCEPTED_BODY = [
  'Terms',
  'The cap is two times the fees.',
  'Bold word.',
  'Stays here.',
  'Target: Moved sentence. ',
  'First halfsecond half.',
  'Inserted paragraph.',
  'After.',
  'A', 'B',
  'New', 'Row',
  'cell ins', 'C',
  'End.',
];

export const REJECTED_BODY = [
  'Terms',
  'The cap is one times the fees.',
  'Bold word.',
  'Moved sentence. Stays here.',
  'Target: ',
  'First half',
  'second half.',
  'After.',
  'A', 'B',
  'Old', 'Gone',
  'cell ', 'C',
  'End.',
];

export const KITCHEN_SINK_KINDS = {
  '20': 'paragraphFormat',
  '1': 'deletion',
  '2': 'insertion',
  '3': 'runFormat',
  '4': 'moveFrom',
  '5': 'moveTo',
  '6': 'paragraphDeletion',
  '7': 'insertion',
  '8': 'paragraphInsertion',
  '9': 'tableRowInsertion',
  '14': 'insertion',
  '15': 'insertion',
  '10': 'tableRowDeletion',
  '16': 'deletion',
  '17': 'deletion',
  '11': 'insertion',
  'header1:12': 'insertion',
  'footnotes:13': 'deletion',
} as const;
