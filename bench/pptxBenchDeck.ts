// The 30-slide deck both PPTX benches use (thumbnails, reader): written by the engine from
// a spec that cycles through what real decks hold: a title, section headers, bullets with
// levels, two columns, a 6 x 4 table, column/line/pie charts with embedded workbooks and a
// quote, every slide with speaker notes. Nothing depends on the shared corpus.

import { createPptx, type DeckSlideSpec } from '../src/documents/pptx';

function slide(i: number): DeckSlideSpec {
  const notes = `Speaker notes for slide ${i}: what to say, the source of the numbers, and the question to ask the room.`;
  const bullets = [
    `Finding ${i}.1: onboarding takes more than a week for most new teams`,
    { text: `Detail ${i}.1a: CSV import and team invitations`, level: 1 },
    `Finding ${i}.2: the price page is hard to read`,
    { text: `Detail ${i}.2a: per-seat difference between plans`, level: 1 },
    `Finding ${i}.3: integrations decide deals`,
  ];
  const quarters = ['Q1', 'Q2', 'Q3', 'Q4'];
  switch (i % 6) {
    case 0:
      return { type: 'section', title: `Part ${i / 6}`, subtitle: 'What we heard and what we do next', notes };
    case 1:
      return { type: 'bullets', title: `Slide ${i}: what customers said`, bullets, notes };
    case 2:
      return { type: 'twoColumn', title: `Slide ${i}: before and after`, leftHeading: 'Before', left: bullets.slice(0, 3), rightHeading: 'After', right: bullets.slice(2), notes };
    case 3:
      return {
        type: 'table',
        title: `Slide ${i}: tickets by region`,
        columns: ['Region', ...quarters],
        rows: ['EMEA', 'APAC', 'North America', 'Latin America', 'Africa'].map((r, k) => [r, ...quarters.map((_, q) => 100 + 17 * k + 9 * q + i)]),
        notes,
      };
    case 4:
      return {
        type: 'chart',
        title: `Slide ${i}: trend`,
        chart: { type: (['column', 'line', 'pie'] as const)[i % 3], categories: quarters, series: [{ name: 'Tickets', values: quarters.map((_, q) => 40 + q * 7 + (i % 5)) }] },
        notes,
      };
    default:
      return { type: 'quote', quote: `“Slide ${i}: we would have bought it a month earlier if setup had taken a day.”`, attribution: 'A customer, March interviews', notes };
  }
}

export function benchDeck(count = 30): Promise<Buffer> {
  const slides: DeckSlideSpec[] = [{ type: 'title', title: `Customer themes (${count} slides)`, subtitle: 'Benchmark deck', notes: 'Title slide.' }];
  for (let i = 2; i <= count; i++) slides.push(slide(i));
  return createPptx({ title: 'Benchmark deck', slides });
}
