import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { runCommand, runLine } from '../src/commands/dispatch.js';
import type { Bot } from '../src/core/bot.js';
import { readableLatex } from '../src/core/latex.js';
import type { Paper } from '../src/core/paper.js';
import { plain, type Reply } from '../src/core/reply.js';
import { bibtexEntry, bibtexFile, citationKeys } from '../src/team/bibtex.js';
import { risFile } from '../src/team/ris.js';
import { contextFor, testBot } from './support/bot.js';
import { seeds } from './support/seeds.js';

const textOf = (reply: Reply) => ('text' in reply ? plain(reply.text) : '');
const run = (bot: Bot, line: string, user = 'U1') => runLine(line, contextFor(bot, { user, canManageChannel: false }));
const parsed = (bib: string) => parseBibtex(bib, { english: false });

/** A bot whose clock moves a minute a call, so saves have distinct times. */
async function tickingBot() {
  let minute = 0;
  return testBot(undefined, () => new Date(Date.UTC(2026, 10, 28, 9, minute++)));
}

describe('the reading list', () => {
  it('says clearly when it is empty, and exports nothing', async () => {
    const bot = await tickingBot();
    expect(textOf(await run(bot, '/paper list'))).toMatch(/reading list is empty.*\/paper save/);
    expect(textOf(await run(bot, '/paper list export'))).toMatch(/reading list is empty/);
  });

  it('saves by title with /paper save and by a button, once each, and lists newest saved first with notes', async () => {
    const bot = await tickingBot();
    const [first, second, third] = seeds().papers;
    const saved = await run(bot, `/paper save "${first!.title}" a strong baseline for us`);
    expect(textOf(saved)).toMatch(/^Saved .* to this channel's reading list with your note\.$/);
    await runCommand('save', { paper: second!.id }, contextFor(bot, { user: 'U2' }));
    await runCommand('save', { paper: third!.id }, contextFor(bot, { user: 'U3' }));
    const again = await runCommand('save', { paper: second!.id }, contextFor(bot, { user: 'U4' }));
    expect(textOf(again)).toMatch(/is already on this channel's reading list\.$/);

    const list = await run(bot, '/paper list');
    expect(list.kind).toBe('reading-list');
    if (list.kind !== 'reading-list') return;
    expect(list.total).toBe(3);
    expect(list.entries.map((e) => e.paper.id)).toEqual([third!.id, second!.id, first!.id]);
    expect(list.entries.map((e) => e.saved.savedBy)).toEqual(['U3', 'U2', 'U1']);
    expect(list.entries[2]!.saved.note).toBe('a strong baseline for us');
    expect(list.export).toEqual({ command: 'list', args: { query: 'export' } });
  });

  it('pages, filters by title, abstract or note, marks read and removes', async () => {
    const bot = await tickingBot();
    const papers = seeds().papers.slice(0, 7);
    for (const paper of papers) await runCommand('save', { paper: paper.id }, contextFor(bot));
    await runCommand('save', { paper: papers[0]!.id, note: 'zebra crossing' }, contextFor(bot));

    const page1 = await run(bot, '/paper list');
    if (page1.kind !== 'reading-list') throw new Error(page1.kind);
    expect([page1.page, page1.pageCount, page1.entries.length]).toEqual([1, 2, 5]);
    const page2 = await runCommand(page1.next!.command, page1.next!.args, contextFor(bot));
    if (page2.kind !== 'reading-list') throw new Error(page2.kind);
    expect(page2.entries.map((e) => e.paper.id)).toEqual([papers[1]!.id, papers[0]!.id]);

    const byNote = await run(bot, '/paper list zebra');
    expect(byNote.kind === 'reading-list' && byNote.entries.map((e) => e.paper.id)).toEqual([papers[0]!.id]);
    const word = papers[3]!.title.split(/\s+/)[0]!;
    const byTitle = await run(bot, `/paper list ${word}`);
    expect(byTitle.kind === 'reading-list' && byTitle.entries.map((e) => e.paper.id)).toContain(papers[3]!.id);
    expect(textOf(await run(bot, '/paper list qwertyuiop'))).toBe('No saved paper matches qwertyuiop.');

    expect(textOf(await run(bot, `/paper read ${papers[2]!.id}`))).toMatch(/^Marked .* as read\.$/);
    expect(bot.readingList.get('discord:123', papers[2]!.id)?.readAt).not.toBeNull();
    expect(textOf(await run(bot, `/paper unsave ${papers[2]!.id}`))).toMatch(/^Removed /);
    expect(bot.readingList.get('discord:123', papers[2]!.id)).toBeUndefined();
    expect(textOf(await run(bot, `/paper unsave ${papers[2]!.id}`))).toMatch(/is not on this channel's reading list/);
  });

  it('keeps each channel its own list', async () => {
    const bot = await tickingBot();
    await runCommand('save', { paper: seeds().papers[0]!.id }, contextFor(bot));
    const elsewhere = await runLine('/paper list', contextFor(bot, { channel: { platform: 'slack', id: 'C1' } }));
    expect(textOf(elsewhere)).toMatch(/empty/);
  });

  it('exports the whole list as a .bib file a BibTeX parser reads, with every saved paper, and as RIS', async () => {
    const bot = await tickingBot();
    const papers = seeds().papers.slice(0, 12);
    for (const paper of papers) await runCommand('save', { paper: paper.id }, contextFor(bot));
    const bib = await run(bot, '/paper list export');
    expect(bib.kind).toBe('file');
    if (bib.kind !== 'file') return;
    expect(bib.file).toMatchObject({ name: 'reading-list.bib', mimeType: 'application/x-bibtex' });
    const library = parsed(bib.file.content);
    expect(library.errors).toEqual([]);
    expect(library.entries).toHaveLength(12);
    expect(new Set(library.entries.map((e) => e.key)).size).toBe(12);
    expect(library.entries.map((e) => e.fields.title).sort()).toEqual(
      papers.map((p) => readableLatex(p.title).replace(/\s+/g, ' ')).sort(),
    );
    const ris = await run(bot, '/paper list export ris');
    expect(ris.kind === 'file' && ris.file.name).toBe('reading-list.ris');
    expect(ris.kind === 'file' && ris.file.content.match(/^ER {2}- $/gm)).toHaveLength(12);
  });
});

const latexPaper: Paper = {
  id: '2401.01234',
  arxivId: '2401.01234',
  title: 'GANs & {Diffusion}: 50% of $x$ costs #1 at ~ ^ \\ for C_2 and {unbalanced',
  abstract: 'An abstract.',
  authors: ['Jörg Müller', 'Ada Lovelace', 'Research and Development Team'],
  published: '2024-01-03',
  categories: ['cs.CV', 'cs.LG'],
  doi: '10.1000/x_{1}',
  journal: 'Journal of Things & Stuff',
  links: { abstract: 'https://arxiv.org/abs/2401.01234' },
  source: 'arxiv',
};

describe('/paper cite', () => {
  it('gives an arXiv @misc entry with every field, escaped so that it parses back to the title', async () => {
    const entry = bibtexEntry(latexPaper);
    expect(entry).toMatch(/^@misc\{muller2024gans,\n/);
    expect(entry).toContain('  archivePrefix = {arXiv},');
    expect(entry).toContain('  eprint = {2401.01234},');
    expect(entry).toContain('  primaryClass = {cs.CV},');
    expect(entry).toContain('  url = {https://arxiv.org/abs/2401.01234},');
    expect(entry).toContain('  year = {2024},');
    expect(entry).toContain(
      'title = {{GANs} \\& {\\{Diffusion\\}:} 50\\% of x costs \\#1 at \\textasciitilde{} \\textasciicircum{} \\textbackslash{} for {C\\_2} and \\{unbalanced},',
    );
    expect(entry).toContain('author = {Jörg Müller and Ada Lovelace and {Research and Development Team}}');
    // Every brace is balanced.
    let depth = 0;
    for (const c of entry.replace(/\\[{}]/g, '')) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const [back] = parsed(entry).entries;
    expect(parsed(entry).errors).toEqual([]);
    expect(back!.fields.title).toBe(readableLatex(latexPaper.title));
    expect(back!.fields.author).toEqual([
      { firstName: 'Jörg', lastName: 'Müller' },
      { firstName: 'Ada', lastName: 'Lovelace' },
      { name: 'Research and Development Team' },
    ]);
    expect(back!.fields.doi).toBe('10.1000/x_%7B1%7D');
    expect(back!.fields.journal).toBe('Journal of Things & Stuff');
  });

  it('answers with the entry for a paper named by title, id or link', async () => {
    const bot = await testBot();
    const paper = seeds().papers[0]!;
    const reply = await run(bot, `/paper cite ${paper.title}`);
    expect(reply.kind === 'citation' && reply.bibtex).toBe(bibtexEntry(paper));
  });

  it('makes keys like lastname2024firstword, unique within a file', () => {
    const twin = { ...latexPaper, id: '2401.09999', arxivId: '2401.09999' };
    const third = { ...latexPaper, id: '2401.08888', arxivId: '2401.08888' };
    expect([...citationKeys([latexPaper, twin, third]).values()]).toEqual([
      'muller2024gans',
      'muller2024gans-2',
      'muller2024gans-3',
    ]);
    expect(parsed(bibtexFile([latexPaper, twin, third])).entries.map((e) => e.key)).toHaveLength(3);
  });

  it('writes RIS with one author a line, family name first', () => {
    const ris = risFile([latexPaper]);
    expect(ris).toMatch(/^TY {2}- JOUR$/m);
    expect(ris).toMatch(/^AU {2}- Müller, Jörg$/m);
    expect(ris).toMatch(/^DO {2}- 10\.1000\/x_\{1\}$/m);
    expect(ris).toMatch(/^AN {2}- arXiv:2401\.01234$/m);
  });
});
