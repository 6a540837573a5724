// "Create a slide deck with the three main themes" end to end through the CLI, as a person
// runs it: `cowork run` on a folder of three short source documents, the scripted model
// activating the pptx skill, reading the sources, writing a deck spec in its scratch folder
// (~, run_command's $HOME) and building themes.pptx with the bundled engine in the sandbox,
// rendering the thumbnail grid with the guest's LibreOffice and poppler into ~/grid.png and
// looking at it with read_file (the image block must reach the next request), then fixing
// the slide whose bullets run off the page (shorter bullets, the detail moved to the
// notes), building again and validating. The final deck is read back by LibreOffice
// Impress on the host (slide count and titles) and checked by the engine's validator;
// neither the spec nor the grid ends up in the person's folder.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPptx, validatePptx } from '../../../../src/documents/pptx';
import type { TurnInput } from '../../../model-server';
import { CliTask, mediaBlocks, toolResults } from '../../../support/cliTask';
import { impressMissing, loSlides } from '../../../support/loPresentation';
import { needs } from '../../../support/needs';

const PROMPT = 'analyze these documents and create a slide deck with the three main themes';
const DOC = 'sh /skills/pptx/scripts/doc.sh';
const SOURCES: Record<string, string> = {
  'customer-interviews.md':
    '# Customer interviews, March\n\nTwelve customers. Most said setting up took them more than a week; three gave up on the import wizard. ' +
    'Several asked why the Pro plan costs more per seat than Team when it has the same limits. Many want a Slack and a Jira integration.\n',
  'support-tickets.md':
    '# Support tickets, Q1\n\n412 tickets. 38% are about onboarding (CSV import, inviting a team). 21% are billing questions about seats. ' +
    '17% ask for integrations, Slack first.\n',
  'sales-notes.md':
    '# Sales notes\n\nLost deals name a confusing price page. Wins come where the customer had the Jira integration demo. ' +
    'Trials that finish onboarding in two days convert twice as often.\n',
};
const TITLES = ['What customers told us', 'Three themes', 'Onboarding takes too long', 'Pricing is hard to read', 'Integrations win deals', 'Next steps'];

/** The deck spec; the first version's slide 4 has far more text than a slide holds. */
function spec(fixed: boolean): object {
  const pricing = fixed
    ? { bullets: ['Pro costs more per seat than Team for the same limits', 'Lost deals name the price page', '21% of tickets are seat billing'], notes: 'Detail: interviews (several customers), sales notes (lost deals), Q1 tickets (21% billing). Suggest one price table with per-seat totals.' }
    : {
        bullets: Array.from({ length: 14 }, (_, i) => `Pricing finding ${i + 1}: customers in interviews, tickets and lost deals keep saying the price page and the per-seat difference between Pro and Team are confusing`),
      };
  return {
    title: 'Customer themes, Q1',
    slides: [
      { type: 'title', title: TITLES[0], subtitle: 'Interviews, support tickets and sales notes, Q1' },
      { type: 'bullets', title: TITLES[1], bullets: ['Onboarding takes too long', 'Pricing is hard to read', 'Integrations win deals'] },
      { type: 'bullets', title: TITLES[2], bullets: ['Setup takes more than a week', { text: 'CSV import and team invites', level: 1 }, '38% of tickets are onboarding', 'Two-day onboarding converts 2x'] },
      { type: 'bullets', title: TITLES[3], ...pricing },
      { type: 'chart', title: TITLES[4], chart: { type: 'column', categories: ['Onboarding', 'Billing', 'Integrations'], series: [{ name: 'Share of Q1 tickets (%)', values: [38, 21, 17] }] } },
      { type: 'bullets', title: TITLES[5], bullets: ['Shorten setup to two days', 'One clear price table', 'Ship Slack, demo Jira'] },
    ],
  };
}

const build = (fixed: boolean): string =>
  `cat > ~/deck.json <<'EOF'\n${JSON.stringify(spec(fixed), null, 1)}\nEOF\n${DOC} new ~/deck.json -o /workspace/themes.pptx`;

function transcript(): TurnInput[] {
  const [a, b, c] = Object.keys(SOURCES);
  return [
    { match: { systemIncludes: '<location>/skills/pptx/SKILL.md</location>' }, reply: { content: [{ type: 'tool_use', id: 'act', name: 'activate_skill', input: { name: 'pptx' } }] } },
    {
      match: { toolResultFor: 'act', toolResultIncludes: 'read_file ~/grid.png' },
      reply: { content: [{ type: 'tool_use', id: 'ra', name: 'read_file', input: { path: a } }, { type: 'tool_use', id: 'rb', name: 'read_file', input: { path: b } }, { type: 'tool_use', id: 'rc', name: 'read_file', input: { path: c } }] },
    },
    {
      match: { toolResultFor: ['ra', 'rb', 'rc'], toolResultIncludes: 'Jira' },
      reply: {
        content: [
          { type: 'text', text: 'Outline: 1 title, 2 the three themes, 3 onboarding, 4 pricing, 5 integrations (chart of ticket shares), 6 next steps.' },
          { type: 'tool_use', id: 'build', name: 'run_command', input: { command: `${build(false)} && ${DOC} thumbnails /workspace/themes.pptx -o ~/grid.png` } },
        ],
      },
    },
    { match: { toolResultFor: 'build', toolResultIncludes: 'slides 1-6' }, reply: { content: [{ type: 'tool_use', id: 'look', name: 'read_file', input: { path: '~/grid.png' } }] } },
    {
      match: { toolResultFor: 'look', toolResultIncludes: 'Image ~/grid.png (PNG image' },
      reply: {
        content: [
          { type: 'text', text: 'Slide 4 runs off the bottom: fourteen long bullets. I shorten it to three and move the detail to the notes.' },
          { type: 'tool_use', id: 'fix', name: 'run_command', input: { command: `${build(true)} && ${DOC} validate /workspace/themes.pptx` } },
        ],
      },
    },
    { match: { toolResultFor: 'fix', toolResultIncludes: 'themes.pptx: valid' }, reply: { content: [{ type: 'text', text: 'themes.pptx has six slides: the three themes, each with its evidence, and next steps.' }] } },
  ];
}

describe('documents/pptx: "create a slide deck with the three main themes" through the CLI, the pptx skill and the sandbox', function () {
  // Long: LibreOffice renders in the guest, and on the host waits for the machine-wide heavy lock.
  this.timeout(1_500_000);
  const task = new CliTask('pptx-deck');

  before(function () {
    needs(this, impressMissing());
    task.install(this);
    const rootfs = path.join(task.image!, 'rootfs');
    if (!fs.existsSync(path.join(rootfs, 'usr/bin/soffice')) || !fs.existsSync(path.join(rootfs, 'usr/bin/pdftoppm'))) {
      needs(this, `the sandbox image ${task.image} has no LibreOffice/poppler (the trixie image has them)`);
    }
  });
  after(() => task.dispose());

  it('builds the deck, looks at the thumbnail grid, fixes the overflowing slide; LibreOffice reads six slides with their titles', async () => {
    const { run, server, folder } = await task.run(PROMPT, transcript(), (dir) => {
      for (const [name, text] of Object.entries(SOURCES)) fs.writeFileSync(path.join(dir, name), text);
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(server.failures, []);
    assert.equal(server.remaining, 0, 'every scripted turn was played');
    assert.match(run.stdout, /\+ created themes\.pptx/);

    // The grid was rendered in the guest into the scratch folder and reached the model as an image.
    const results = toolResults(server);
    assert.match(results.get('build')!, /wrote ~\/grid\.png \(\d+x\d+\): slides 1-6/);
    // (Every later request repeats the conversation, so the same block shows once per request from then on.)
    const grid = mediaBlocks(server).filter((m) => m.id === 'look');
    assert.ok(grid.length >= 1, JSON.stringify(mediaBlocks(server)));
    assert.deepEqual(new Set(grid.map((g) => `${g.type} ${g.media} ${g.length}`)).size, 1, 'one image, resent unchanged');
    assert.equal(grid[0]!.type, 'image');
    assert.match(grid[0]!.media ?? '', /^image\/(png|jpeg)$/);
    assert.ok(grid[0]!.length > 20_000, `a real grid, not a blank: ${grid[0]!.length} base64 characters`);
    const lookIndex = server.messageRequests().findIndex((r) => JSON.stringify(r.body.messages).includes('"tool_use_id":"look"'));
    const fixIndex = server.messageRequests().findIndex((r) => JSON.stringify(r.body.messages).includes('"tool_use_id":"fix"'));
    assert.ok(lookIndex > 0 && fixIndex > lookIndex, 'the grid reached the model before it fixed the slide');

    // Only the deck entered the folder: the spec and the grid stayed in the scratch folder.
    assert.deepEqual(fs.readdirSync(folder).sort(), [...Object.keys(SOURCES), 'themes.pptx'].sort());
    for (const [name, text] of Object.entries(SOURCES)) assert.equal(fs.readFileSync(path.join(folder, name), 'utf8'), text);

    // The final deck is the fixed one: valid, slide 4 short with the detail in its notes.
    const file = path.join(folder, 'themes.pptx');
    const bytes = fs.readFileSync(file);
    assert.deepEqual(validatePptx(bytes).filter((f) => f.severity === 'error'), []);
    const deck = readPptx(bytes);
    const pricing = deck.slides[3]!;
    const bullets = pricing.shapes.flatMap((s) => s.paragraphs).filter((p) => p.bullet);
    assert.equal(bullets.length, 3, JSON.stringify(bullets));
    assert.match(pricing.notes ?? '', /one price table/);

    // LibreOffice, the independent reader: six slides, the outline's titles in order.
    const [slides] = loSlides([file]);
    assert.deepEqual(slides!.map((s) => s.title), TITLES);
    assert.match(slides![3]!.text, /Lost deals name the price page/);
    assert.doesNotMatch(slides![3]!.text, /Pricing finding 14/);
  });
});
