// numbering.xml for created documents: one bullet definition shared by every
// bulleted list, one multi-level decimal definition, and a fresh numbering
// instance per ordered list so each list starts again at 1.

const BULLETS = ['•', '◦', '▪'];
const ORDERED_FORMATS = ['decimal', 'lowerLetter', 'lowerRoman'];
const BULLET_ABSTRACT = 1;
const ORDERED_ABSTRACT = 2;

function levelXml(ilvl: number, ordered: boolean): string {
  const indent = 720 * (ilvl + 1);
  const fmt = ordered ? ORDERED_FORMATS[ilvl % 3] : 'bullet';
  const text = ordered ? `%${ilvl + 1}.` : BULLETS[ilvl % 3];
  const font = ordered ? '' : `<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>`;
  return (
    `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/>` +
    `<w:pPr><w:ind w:left="${indent}" w:hanging="360"/></w:pPr>${font}</w:lvl>`
  );
}

function abstractXml(id: number, ordered: boolean): string {
  let levels = '';
  for (let i = 0; i < 9; i++) levels += levelXml(i, ordered);
  return `<w:abstractNum w:abstractNumId="${id}"><w:multiLevelType w:val="hybridMultilevel"/>${levels}</w:abstractNum>`;
}

export class NumberingBuilder {
  private bulletNum: number | undefined;
  private readonly nums: { id: number; abstract: number; restart: boolean }[] = [];

  /** The w:numId for a new list: bullets share one, every ordered list gets its own. */
  listNumId(ordered: boolean): number {
    if (!ordered && this.bulletNum !== undefined) return this.bulletNum;
    const id = this.nums.length + 1;
    this.nums.push({ id, abstract: ordered ? ORDERED_ABSTRACT : BULLET_ABSTRACT, restart: ordered });
    if (!ordered) this.bulletNum = id;
    return id;
  }

  get used(): boolean {
    return this.nums.length > 0;
  }

  xml(): string {
    let nums = '';
    for (const n of this.nums) {
      const restart = n.restart ? `<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>` : '';
      nums += `<w:num w:numId="${n.id}"><w:abstractNumId w:val="${n.abstract}"/>${restart}</w:num>`;
    }
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
      abstractXml(BULLET_ABSTRACT, false) +
      abstractXml(ORDERED_ABSTRACT, true) +
      nums +
      `</w:numbering>`
    );
  }
}
