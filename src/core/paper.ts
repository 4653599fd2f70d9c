import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PAPER_LIMITS as MAX } from '../ingest/limits.js';

// Bounded fields, so no source can store a paper that swamps memory or a renderer; the message says by how much.
const over = (max: number, unit: string) => ({
  error: (issue: { input?: unknown }) => {
    const { length } = issue.input as { length: number };
    return `${length} ${unit}, more than the ${max} allowed`;
  },
});
const text = (max: number) => z.string().max(max, over(max, 'characters'));
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, over(max, 'items'));
const url = () => z.url().max(MAX.urlChars, over(MAX.urlChars, 'characters'));

export const PaperLinksSchema = z.object({
  /** The paper's landing page (arXiv abstract page, Hugging Face paper page). */
  abstract: url().optional(),
  pdf: url().optional(),
  code: list(url(), MAX.links).optional(),
  project: list(url(), MAX.links).optional(),
});

export const PaperSourceSchema = z.enum(['seed', 'arxiv', 'hf', 'file']);

/** A paper as paperbot knows it. Fields a source does not give stay absent; nothing is invented. */
export const PaperSchema = z.object({
  id: text(MAX.idChars).min(1),
  title: text(MAX.titleChars).min(1),
  abstract: text(MAX.abstractChars),
  authors: list(text(MAX.authorChars).min(1), MAX.authors).optional(),
  /** ISO date (YYYY-MM-DD) of first publication. */
  published: z.iso.date().optional(),
  /** ISO date (YYYY-MM-DD) of the latest version. */
  updated: z.iso.date().optional(),
  /** The arXiv id without version: new form `2401.01234`, old form `cs/9301111`. */
  arxivId: z
    .string()
    .regex(/^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?\/\d{7})$/)
    .optional(),
  /** The arXiv version this record describes (`v2` → 2). */
  version: z.number().int().positive().optional(),
  categories: list(text(MAX.categoryChars), MAX.categories).optional(),
  links: PaperLinksSchema,
  source: PaperSourceSchema,
  upvotes: z.number().int().nonnegative().optional(),
  /** The published version's DOI and journal reference, where arXiv gives them (for citations). */
  doi: text(MAX.urlChars).optional(),
  journal: text(MAX.titleChars).optional(),
  /** A one-paragraph summary a source wrote (Hugging Face's AI summary). */
  aiSummary: text(MAX.abstractChars).optional(),
});

export type Paper = z.infer<typeof PaperSchema>;
export type PaperId = Paper['id'];
export type PaperLinks = z.infer<typeof PaperLinksSchema>;

/** The form two titles of the same paper share, whatever their case, punctuation or spacing. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A stable id for a paper without an arXiv id: a readable slug of its title plus a short hash of the
 * normalised title, so the same title always gets the same id and two similar titles never collide.
 */
export function paperIdFromTitle(title: string): PaperId {
  const normalised = normaliseTitle(title);
  const slug = normalised
    .split(' ')
    .slice(0, 4)
    .reduce((acc, word) => (acc && (acc + word).length > 40 ? acc : acc ? `${acc}-${word}` : word), '')
    .slice(0, 40);
  const hash = createHash('sha256').update(normalised).digest('hex').slice(0, 6);
  return `${slug}-${hash}`;
}
