import type { Paper } from '../core/paper.js';
import { indexTerms, sentences } from '../core/text.js';
import type { Answer, Citation, Fact } from './answer.js';
import { namedPapers, type Weighed, weigh } from './answer-terms.js';
import type { PaperIndex } from './paper-index.js';
import type { LinkKind, Question } from './question.js';
import { definitionFit } from './sentence-fit.js';

// A paper not named outright must have nearly the question's subject as its title to be the one meant:
// "Bitcoin: A Peer-to-Peer Electronic Cash System" is not "qBitcoin: A Peer-to-Peer Quantum Cash System".
const MIN_TITLE_OVERLAP = 0.6;

const overlap = (a: string, b: string) => {
  const x = new Set(indexTerms(a));
  const y = new Set(indexTerms(b));
  const shared = [...x].filter((term) => y.has(term)).length;
  return shared / (new Set([...x, ...y]).size || 1);
};

/** The paper meant: named, else titled as the subject, else the one whose abstract introduces it ("we present GraphSAGE"). */
function meantPaper(index: PaperIndex, weighed: Weighed, topic: string, asked: string): Paper | undefined {
  const named = namedPapers(index, asked, weighed.hits)[0];
  if (named) return named;
  const titled = weighed.hits
    .map((hit) => ({ paper: hit.paper, overlap: overlap(hit.paper.title, topic) }))
    .filter((x) => x.overlap >= MIN_TITLE_OVERLAP)
    .sort((a, b) => b.overlap - a.overlap)[0]?.paper;
  return (
    titled ??
    weighed.hits.find((hit) => sentences(hit.paper.abstract).some((s) => definitionFit(s.text, topic) >= 0.95))?.paper
  );
}

const LINKS: Record<LinkKind, (paper: Paper) => readonly string[]> = {
  code: (paper) => paper.links.code ?? [],
  project: (paper) => paper.links.project ?? [],
  pdf: (paper) => (paper.links.pdf ? [paper.links.pdf] : []),
  page: (paper) => (paper.links.abstract ? [paper.links.abstract] : []),
};

function factsOf(paper: Paper, question: Question): Citation[] {
  const cite = (text: string, fact: Fact): Citation => ({ text, paper, fact });
  switch (question.kind) {
    case 'authors':
      return paper.authors?.length ? [cite(paper.authors.join(', '), 'authors')] : [];
    case 'published':
      return paper.published ? [cite(paper.published, 'published')] : [];
    default: {
      const link = question.link ?? 'page';
      return LINKS[link](paper)
        .slice(0, 3)
        .map((url) => cite(url, link));
    }
  }
}

/**
 * Answers from a paper's metadata (its links, authors, date) rather than its abstract: the paper the question
 * names, or the one whose title holds the question's subject. Unsure which paper, or it lacks the fact: no answer.
 */
export function factAnswer(index: PaperIndex, question: Question, asked: string): Answer {
  const weighed = weigh(index, question.topic || asked, 10);
  const paper = meantPaper(index, weighed, question.topic || asked, asked);
  const sentences = paper ? factsOf(paper, question) : [];
  if (sentences.length) return { found: true, sentences };
  const closest = paper ? weighed.hits.filter((hit) => hit.paper.id === paper.id) : weighed.hits.slice(0, 3);
  return {
    found: false,
    closest: closest.filter((hit) => weighed.coverage(`${hit.paper.title}. ${hit.paper.abstract}`) >= 0.34),
  };
}
