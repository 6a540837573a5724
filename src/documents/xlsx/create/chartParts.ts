// Charts of a new sheet: a drawing part anchoring each chart over a cell range, and one
// DrawingML chart part per chart (bar/column, line, pie) whose series point at ranges of
// the workbook, so the chart follows the data when it changes.

import { DocumentError } from '../../ooxml';
import { escapeText } from '../../ooxml/xml';
import { parseCell, parseRange } from '../cellRef';

export interface ChartSpec {
  type: 'bar' | 'column' | 'line' | 'pie';
  title?: string;
  /** Range of category labels ("A2:A4" on this sheet, or "Summary!A2:A4"). */
  categories: string;
  series: { name?: string; values: string }[];
  /** Top-left cell of the chart (default: two columns right of the data). */
  anchor?: string;
  /** Size in columns and rows (default 8 x 15). */
  width?: number;
  height?: number;
}

const C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function absRef(ref: string, sheet: string, where: string): string {
  const bang = ref.lastIndexOf('!');
  const sheetPart = bang >= 0 ? ref.slice(0, bang) : /^[A-Za-z_][\w.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  const range = parseRange(bang >= 0 ? ref.slice(bang + 1) : ref);
  if (!range) throw new DocumentError('INVALID_ARGUMENT', `${where}: "${ref}" is not a range like A2:A9`);
  const a = (row: number, col: number) => `$${colName(col)}$${row}`;
  return `${sheetPart}!${a(range.top, range.left)}:${a(range.bottom, range.right)}`;
}

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function chartXml(spec: ChartSpec, sheet: string, where: string): string {
  const cat = absRef(spec.categories, sheet, `${where}.categories`);
  const series = spec.series
    .map((s, i) => {
      const tx = s.name ? `<c:tx><c:v>${escapeText(s.name)}</c:v></c:tx>` : '';
      const marker = spec.type === 'line' ? '<c:marker><c:symbol val="circle"/></c:marker>' : '';
      return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${tx}${marker}<c:cat><c:strRef><c:f>${escapeText(cat)}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>${escapeText(absRef(s.values, sheet, `${where}.series[${i}].values`))}</c:f></c:numRef></c:val>${spec.type === 'line' ? '<c:smooth val="0"/>' : ''}</c:ser>`;
    })
    .join('');
  const axes =
    '<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>' +
    '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>';
  const ids = '<c:axId val="500000001"/><c:axId val="500000002"/>';
  let plot: string;
  if (spec.type === 'pie') plot = `<c:pieChart><c:varyColors val="1"/>${series}<c:firstSliceAng val="0"/></c:pieChart>`;
  else if (spec.type === 'line') plot = `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${ids}</c:lineChart>${axes}`;
  else plot = `<c:barChart><c:barDir val="${spec.type === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="150"/>${ids}</c:barChart>${axes}`;
  const title = spec.title
    ? `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>${escapeText(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`
    : '<c:autoTitleDeleted val="1"/>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${C}" xmlns:a="${A}" xmlns:r="${R}"><c:roundedCorners val="0"/><c:chart>${title}<c:plotArea><c:layout/>${plot}</c:plotArea>` +
    `<c:legend><c:legendPos val="${spec.type === 'pie' ? 'r' : 'b'}"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** The drawing part placing each chart (by its relationship id) over cells. */
export function drawingXml(charts: { relId: string; anchor: { row: number; col: number }; width: number; height: number; name: string }[]): string {
  const anchors = charts
    .map(
      (c, i) =>
        `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${c.anchor.col - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${c.anchor.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${c.anchor.col - 1 + c.width}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${c.anchor.row - 1 + c.height}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeText(c.name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
        `<a:graphic><a:graphicData uri="${C}"><c:chart xmlns:c="${C}" r:id="${c.relId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${A}" xmlns:r="${R}">${anchors}</xdr:wsDr>`;
}

export function chartAnchor(spec: ChartSpec, dataRight: number, index: number): { row: number; col: number } {
  if (spec.anchor) {
    const a = parseCell(spec.anchor);
    if (a) return a;
  }
  return { row: 2 + index * ((spec.height ?? 15) + 1), col: dataRight + 2 };
}
