// Charts of generated slides: a DrawingML chart part whose series carry their data in
// caches (what PowerPoint and LibreOffice draw) and point at an embedded workbook
// holding the same numbers, so "Edit Data" in PowerPoint opens them.

import { escapeText } from '../ooxml/xml';
import { createXlsx } from '../xlsx';
import type { ChartData } from './createSpec';

function col(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export function chartWorkbook(data: ChartData): Buffer {
  return createXlsx({
    sheets: [
      {
        name: 'Sheet1',
        columns: [{ header: 'Category', type: 'text' }, ...data.series.map((s) => ({ header: s.name, type: 'number' as const }))],
        rows: data.categories.map((c, i) => [c, ...data.series.map((s) => s.values[i])]),
      },
    ],
  }).bytes;
}

export function chartXml(data: ChartData, colors: string[], font: string): string {
  const n = data.categories.length;
  const last = n + 1;
  const strCache = (vals: string[]) => `<c:strCache><c:ptCount val="${vals.length}"/>${vals.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeText(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
  const numCache = (vals: number[]) => `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${vals.length}"/>${vals.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numCache>`;
  const pie = data.type === 'pie';
  const series = data.series
    .map((s, i) => {
      const c = col(i + 2);
      const color = colors[i % colors.length];
      const spPr = data.type === 'line' ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="6"/></c:marker>` : pie ? '' : `<c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr>`;
      const points = pie ? data.categories.map((_, k) => `<c:dPt><c:idx val="${k}"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="${colors[k % colors.length]}"/></a:solidFill></c:spPr></c:dPt>`).join('') : '';
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:strRef><c:f>Sheet1!$${c}$1</c:f>${strCache([s.name])}</c:strRef></c:tx>${spPr}${points}` +
        `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$${last}</c:f>${strCache(data.categories)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>Sheet1!$${c}$2:$${c}$${last}</c:f>${numCache(s.values)}</c:numRef></c:val>${data.type === 'line' ? '<c:smooth val="0"/>' : ''}</c:ser>`
      );
    })
    .join('');
  const axes = '<c:axId val="111111111"/><c:axId val="222222222"/>';
  const txPr = `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200"><a:latin typeface="${escapeText(font)}"/></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
  let plot: string;
  if (pie) plot = `<c:pieChart><c:varyColors val="1"/>${series}<c:firstSliceAng val="0"/></c:pieChart>`;
  else if (data.type === 'line') plot = `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`;
  else plot = `<c:barChart><c:barDir val="${data.type === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/>${axes}</c:barChart>`;
  const axisXml = pie
    ? ''
    : `<c:catAx><c:axId val="111111111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${data.type === 'bar' ? 'l' : 'b'}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="222222222"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>` +
      `<c:valAx><c:axId val="222222222"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${data.type === 'bar' ? 'b' : 'l'}"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="111111111"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  const title = data.title ? `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="1600" b="1"/><a:t>${escapeText(data.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` : '<c:autoTitleDeleted val="1"/>';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<c:roundedCorners val="0"/><c:chart>${title}<c:plotArea><c:layout/>${plot}${axisXml}</c:plotArea><c:legend><c:legendPos val="${pie ? 'r' : 'b'}"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/></c:chart>${txPr}` +
    '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>'
  );
}
