// Builds small Word packages from WordprocessingML snippets, for tests and the bench
// generator: the body (and optional headers, footers, notes, comments) as XML strings,
// wrapped in the parts and relationships Word needs.

import { writeZip, type ZipOutput } from '../../src/documents/ooxml/zipWriter';

export const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ' +
  'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"';

export interface DocxSpec {
  /** Inner XML of w:body (a w:sectPr is added when absent). */
  body: string;
  headers?: string[];
  footers?: string[];
  /** Inner XML of w:footnotes (normal notes; the separators are added). */
  footnotes?: string;
  endnotes?: string;
  /** Inner XML of w:comments. */
  comments?: string;
  /** Inner XML of w15:commentsEx. */
  commentsExtended?: string;
  /** Inner XML of w:numbering. */
  numbering?: string;
  /** Extra w:style elements. */
  styles?: string;
  /** Extra parts, e.g. media. */
  extra?: { name: string; data: Buffer; contentType?: string; rel?: { id: string; type: string } }[];
}

const CT_BASE = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
const RT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export function buildDocx(spec: DocxSpec): Buffer {
  const overrides: [string, string][] = [['/word/document.xml', `${CT_BASE}.document.main+xml`], ['/word/styles.xml', `${CT_BASE}.styles+xml`]];
  const rels: [string, string, string][] = [['rIdStyles', RT + 'styles', 'styles.xml']];
  const parts: [string, string][] = [];
  const sectRefs: string[] = [];
  (spec.headers ?? []).forEach((h, i) => {
    const name = `header${i + 1}.xml`;
    parts.push([`word/${name}`, `${XML_DECL}<w:hdr ${W_NS}>${h}</w:hdr>`]);
    overrides.push([`/word/${name}`, `${CT_BASE}.header+xml`]);
    rels.push([`rIdH${i + 1}`, RT + 'header', name]);
    sectRefs.push(`<w:headerReference w:type="${i === 0 ? 'default' : 'first'}" r:id="rIdH${i + 1}"/>`);
  });
  (spec.footers ?? []).forEach((f, i) => {
    const name = `footer${i + 1}.xml`;
    parts.push([`word/${name}`, `${XML_DECL}<w:ftr ${W_NS}>${f}</w:ftr>`]);
    overrides.push([`/word/${name}`, `${CT_BASE}.footer+xml`]);
    rels.push([`rIdF${i + 1}`, RT + 'footer', name]);
    sectRefs.push(`<w:footerReference w:type="${i === 0 ? 'default' : 'first'}" r:id="rIdF${i + 1}"/>`);
  });
  const sep = (tag: string) =>
    `<w:${tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:${tag}><w:${tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:${tag}>`;
  if (spec.footnotes !== undefined) {
    parts.push(['word/footnotes.xml', `${XML_DECL}<w:footnotes ${W_NS}>${sep('footnote')}${spec.footnotes}</w:footnotes>`]);
    overrides.push(['/word/footnotes.xml', `${CT_BASE}.footnotes+xml`]);
    rels.push(['rIdFn', RT + 'footnotes', 'footnotes.xml']);
  }
  if (spec.endnotes !== undefined) {
    parts.push(['word/endnotes.xml', `${XML_DECL}<w:endnotes ${W_NS}>${sep('endnote')}${spec.endnotes}</w:endnotes>`]);
    overrides.push(['/word/endnotes.xml', `${CT_BASE}.endnotes+xml`]);
    rels.push(['rIdEn', RT + 'endnotes', 'endnotes.xml']);
  }
  if (spec.comments !== undefined) {
    parts.push(['word/comments.xml', `${XML_DECL}<w:comments ${W_NS}>${spec.comments}</w:comments>`]);
    overrides.push(['/word/comments.xml', `${CT_BASE}.comments+xml`]);
    rels.push(['rIdCm', RT + 'comments', 'comments.xml']);
  }
  if (spec.commentsExtended !== undefined) {
    parts.push(['word/commentsExtended.xml', `${XML_DECL}<w15:commentsEx ${W_NS}>${spec.commentsExtended}</w15:commentsEx>`]);
    overrides.push(['/word/commentsExtended.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml']);
    rels.push(['rIdCx', 'http://schemas.microsoft.com/office/2011/relationships/commentsExtended', 'commentsExtended.xml']);
  }
  if (spec.numbering !== undefined) {
    parts.push(['word/numbering.xml', `${XML_DECL}<w:numbering ${W_NS}>${spec.numbering}</w:numbering>`]);
    overrides.push(['/word/numbering.xml', `${CT_BASE}.numbering+xml`]);
    rels.push(['rIdNum', RT + 'numbering', 'numbering.xml']);
  }
  const defaults: [string, string][] = [['rels', 'application/vnd.openxmlformats-package.relationships+xml'], ['xml', 'application/xml']];
  const extraOut: ZipOutput[] = [];
  for (const x of spec.extra ?? []) {
    const ext = x.name.slice(x.name.lastIndexOf('.') + 1);
    if (x.contentType && !defaults.some(([e]) => e === ext)) defaults.push([ext, x.contentType]);
    if (x.rel) rels.push([x.rel.id, x.rel.type, x.name.replace(/^word\//, '')]);
    extraOut.push({ kind: 'new', name: x.name, data: x.data });
  }
  const styles =
    `${XML_DECL}<w:styles ${W_NS}>` +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>' +
    (spec.styles ?? '') +
    '</w:styles>';
  const body = spec.body.includes('<w:sectPr') ? spec.body : `${spec.body}<w:sectPr>${sectRefs.join('')}<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`;
  const contentTypes =
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    defaults.map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('') +
    overrides.map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('') +
    '</Types>';
  const pkgRels = `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RT}officeDocument" Target="word/document.xml"/></Relationships>`;
  const docRels =
    `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('') +
    '</Relationships>';
  const files: [string, string][] = [
    ['[Content_Types].xml', contentTypes],
    ['_rels/.rels', pkgRels],
    ['word/document.xml', `${XML_DECL}<w:document ${W_NS}><w:body>${body}</w:body></w:document>`],
    ['word/_rels/document.xml.rels', docRels],
    ['word/styles.xml', styles],
    ...parts,
  ];
  return writeZip([...files.map(([name, text]): ZipOutput => ({ kind: 'new', name, data: Buffer.from(text, 'utf8') })), ...extraOut]);
}

// Snippet helpers.
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const run = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
export const delRun = (text: string) => `<w:r><w:delText xml:space="preserve">${esc(text)}</w:delText></w:r>`;
export const para = (inner: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;
const who = (id: number, author: string) => `w:id="${id}" w:author="${author}" w:date="2024-05-01T10:00:00Z"`;
export const ins = (id: number, author: string, inner: string) => `<w:ins ${who(id, author)}>${inner}</w:ins>`;
export const del = (id: number, author: string, inner: string) => `<w:del ${who(id, author)}>${inner}</w:del>`;
export const moveFrom = (id: number, author: string, inner: string) => `<w:moveFrom ${who(id, author)}>${inner}</w:moveFrom>`;
export const moveTo = (id: number, author: string, inner: string) => `<w:moveTo ${who(id, author)}>${inner}</w:moveTo>`;
export const markIns = (id: number, author: string) => `<w:rPr><w:ins ${who(id, author)}/></w:rPr>`;
export const markDel = (id: number, author: string) => `<w:rPr><w:del ${who(id, author)}/></w:rPr>`;
export { who };
