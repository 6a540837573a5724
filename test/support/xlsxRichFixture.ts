// A workbook holding the parts an edit must not lose: a chart in a drawing with an
// image, a pivot cache over the data, legacy comments with their VML note boxes, a table,
// conditional formats (plain and x14), data validation, merged cells, defined names, a
// formula on another sheet, an external link and a VBA project (.xlsm). The XML is what
// Excel writes, reduced to what the tests look at.

import { buildXlsx, sheetXml } from './xlsxBuilder';

const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';
const rels = (items: [string, string, string][]) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PR}">${items.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;

export const PNG_1PX = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1a3d20000000049454e44ae426082', 'hex');

export function richWorkbook(): Buffer {
  const dataRows =
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>10</v></c></row>' +
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>20</v></c></row>' +
    '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4"><v>30</v></c></row>' +
    '<row r="5"><c r="A5" t="s"><v>5</v></c><c r="B5"><f>SUM(B2:B4)</f><v>60</v></c><c r="C5"><f t="shared" ref="C5:C6" si="0">B5*2</f><v>120</v></c></row>' +
    '<row r="6"><c r="C6"><f t="shared" si="0"/><v>0</v></c></row>';
  const data = sheetXml(
    dataRows,
    '<dimension ref="A1:C6"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/></sheetView></sheetViews>',
    '<mergeCells count="1"><mergeCell ref="D4:E5"/></mergeCells>' +
      '<conditionalFormatting sqref="B2:B4"><cfRule type="cellIs" priority="1" operator="greaterThan"><formula>$B$3</formula></cfRule></conditionalFormatting>' +
      '<dataValidations count="1"><dataValidation type="whole" sqref="B2:B6"><formula1>0</formula1><formula2>B6</formula2></dataValidation></dataValidations>' +
      '<drawing r:id="rId1"/><legacyDrawing r:id="rId3"/><tableParts count="1"><tablePart r:id="rId4"/></tableParts>' +
      '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="dataBar" id="{1}"><x14:dataBar><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>B2:B4</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>',
  );
  const summary = sheetXml('<row r="1"><c r="A1"><f>Data!B5+SUM(Data!B2:B4)</f><v>120</v></c><c r="B1"><f>[1]Other!A1</f><v>7</v></c></row>');
  const drawing =
    '<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
    '<xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>' +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>` +
    `<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="9525" cy="9525"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Picture 2"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip xmlns:r="${R}" r:embed="rId2"/></xdr:blipFill><xdr:spPr/></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>`;
  const chart =
    '<?xml version="1.0" encoding="UTF-8"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/>' +
    '<c:cat><c:strRef><c:f>Data!$A$2:$A$4</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>Data!$B$2:$B$4</c:f></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart>' +
    '<c:catAx><c:axId val="1"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:crossAx val="2"/></c:catAx>' +
    '<c:valAx><c:axId val="2"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>';
  const comments =
    '<?xml version="1.0" encoding="UTF-8"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Ana</author></authors><commentList><comment ref="B3" authorId="0"><text><t>Check this</t></text></comment></commentList></comments>';
  const vml =
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Anchor>2, 15, 1, 10, 4, 15, 5, 4</x:Anchor><x:Row>2</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>';
  const table =
    '<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="Sales" displayName="Sales" ref="A1:B4"><autoFilter ref="A1:B4"/><tableColumns count="2"><tableColumn id="1" name="Item"/><tableColumn id="2" name="Amount"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>';
  const pivotCache =
    `<?xml version="1.0" encoding="UTF-8"?><pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}" refreshOnLoad="1" recordCount="0"><cacheSource type="worksheet"><worksheetSource ref="A1:B4" sheet="Data"/></cacheSource><cacheFields count="2"><cacheField name="Item" numFmtId="0"/><cacheField name="Amount" numFmtId="0"/></cacheFields></pivotCacheDefinition>`;
  const extLink = `<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="${R}" r:id="rId1"><sheetNames><sheetName val="Other"/></sheetNames></externalBook></externalLink>`;
  const vba = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000, 0x5a)]);
  const base = buildXlsx({
    macro: true,
    sharedStrings: ['Item', 'Amount', 'Tea', 'Coffee', 'Cake', 'Total'],
    definedNames: '<definedName name="Amounts">Data!$B$2:$B$4</definedName><definedName name="_xlnm.Print_Area" localSheetId="0">Data!$A$1:$C$6</definedName>',
    sheets: [{ name: 'Data', xml: data }, { name: 'Summary', xml: summary }],
    workbookRels: [
      ['rId20', `${R}/pivotCacheDefinition`, 'pivotCache/pivotCacheDefinition1.xml'],
      ['rId21', `${R}/externalLink`, 'externalLinks/externalLink1.xml'],
      ['rId22', 'http://schemas.microsoft.com/office/2006/relationships/vbaProject', 'vbaProject.bin'],
      ['rId23', `${R}/calcChain`, 'calcChain.xml'],
    ],
    workbookBeforeNames: '<externalReferences><externalReference r:id="rId21"/></externalReferences>',
    workbookAfterNames: '<calcPr calcId="191029"/><pivotCaches><pivotCache cacheId="1" r:id="rId20"/></pivotCaches>',
    contentTypes: [
      ['/xl/drawings/drawing1.xml', 'application/vnd.openxmlformats-officedocument.drawing+xml'],
      ['/xl/charts/chart1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml'],
      ['/xl/comments1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml'],
      ['/xl/tables/table1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml'],
      ['/xl/pivotCache/pivotCacheDefinition1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml'],
      ['/xl/externalLinks/externalLink1.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml'],
      ['/xl/calcChain.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml'],
    ],
    defaults: [['png', 'image/png'], ['vml', 'application/vnd.openxmlformats-officedocument.vmlDrawing'], ['bin', 'application/vnd.ms-office.vbaProject']],
    extra: [
      ['xl/worksheets/_rels/sheet1.xml.rels', rels([['rId1', `${R}/drawing`, '../drawings/drawing1.xml'], ['rId2', `${R}/comments`, '../comments1.xml'], ['rId3', `${R}/vmlDrawing`, '../drawings/vmlDrawing1.vml'], ['rId4', `${R}/table`, '../tables/table1.xml']])],
      ['xl/drawings/drawing1.xml', drawing],
      ['xl/drawings/_rels/drawing1.xml.rels', rels([['rId1', `${R}/chart`, '../charts/chart1.xml'], ['rId2', `${R}/image`, '../media/image1.png']])],
      ['xl/charts/chart1.xml', chart],
      ['xl/media/image1.png', PNG_1PX],
      ['xl/comments1.xml', comments],
      ['xl/drawings/vmlDrawing1.vml', vml],
      ['xl/tables/table1.xml', table],
      ['xl/pivotCache/pivotCacheDefinition1.xml', pivotCache],
      ['xl/externalLinks/externalLink1.xml', extLink],
      ['xl/externalLinks/_rels/externalLink1.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${R}/externalLinkPath" Target="other.xlsx" TargetMode="External"/></Relationships>`],
      ['xl/vbaProject.bin', vba],
      ['xl/calcChain.xml', '<?xml version="1.0" encoding="UTF-8"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="B5" i="1"/><c r="C5"/><c r="C6"/><c r="A1" i="2"/></calcChain>'],
    ],
  });
  return base;
}
