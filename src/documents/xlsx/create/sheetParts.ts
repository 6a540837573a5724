// XML of the parts a new sheet may carry besides itself: its table, its comments and
// the VML note boxes Excel needs to show them.

import { escapeAttr, escapeText } from '../../ooxml/xml';
import { cellName, parseCell } from '../cellRef';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

export function tableXml(id: number, name: string, ref: string, headers: string[], style: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<table xmlns="${NS}" id="${id}" name="${escapeAttr(name)}" displayName="${escapeAttr(name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${headers.length}">` +
    headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeAttr(h)}"/>`).join('') +
    `</tableColumns><tableStyleInfo name="${escapeAttr(style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

export interface NewComment {
  cell: string;
  text: string;
  author: string;
}

export function commentsXml(comments: NewComment[]): string {
  const authors = [...new Set(comments.map((c) => c.author))];
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<comments xmlns="${NS}"><authors>${authors.map((a) => `<author>${escapeText(a)}</author>`).join('')}</authors><commentList>` +
    comments
      .map((c) => `<comment ref="${c.cell}" authorId="${authors.indexOf(c.author)}"><text><r><rPr><b/><sz val="9"/><rFont val="Tahoma"/></rPr><t xml:space="preserve">${escapeText(c.author)}:\n</t></r><r><rPr><sz val="9"/><rFont val="Tahoma"/></rPr><t xml:space="preserve">${escapeText(c.text)}</t></r></text></comment>`)
      .join('') +
    '</commentList></comments>'
  );
}

export function vmlXml(comments: NewComment[]): string {
  const shapes = comments.map((c, i) => {
    const a = parseCell(c.cell)!;
    const r0 = a.row - 1;
    const c0 = a.col - 1;
    return (
      `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:144pt;height:60pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c0 + 1}, 15, ${Math.max(0, r0 - 1)}, 10, ${c0 + 3}, 15, ${r0 + 3}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${r0}</x:Row><x:Column>${c0}</x:Column></x:ClientData></v:shape>`
    );
  });
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes.join('') +
    '</xml>'
  );
}

export { cellName };
