import type { Paper } from '../core/paper.js';

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined) => {
  const all = [...new Set([...(a ?? []), ...(b ?? [])])];
  return all.length ? all : undefined;
};

/**
 * One paper from two records of it (two versions, or arXiv and Hugging Face): the newer version's title
 * and abstract, and every extra either source knows (code, project page, upvotes, summary, categories).
 */
export function mergePaper(known: Paper, incoming: Paper): Paper {
  const newer =
    (incoming.version ?? 0) > (known.version ?? 0) || (incoming.arxivId !== undefined && known.arxivId === undefined);
  const text = newer ? incoming : known;
  const links = {
    ...((known.links.abstract ?? incoming.links.abstract)
      ? { abstract: known.links.abstract ?? incoming.links.abstract }
      : {}),
    ...((known.links.pdf ?? incoming.links.pdf) ? { pdf: known.links.pdf ?? incoming.links.pdf } : {}),
    ...(union(known.links.code, incoming.links.code) ? { code: union(known.links.code, incoming.links.code) } : {}),
    ...(union(known.links.project, incoming.links.project)
      ? { project: union(known.links.project, incoming.links.project) }
      : {}),
  };
  const merged: Paper = {
    id: incoming.arxivId ?? known.id,
    title: text.title,
    abstract: text.abstract,
    links,
    source: known.source === 'seed' ? incoming.source : known.source,
  };
  const authors = (newer ? incoming.authors : undefined) ?? known.authors ?? incoming.authors;
  const published = [known.published, incoming.published].filter((d): d is string => Boolean(d)).sort()[0];
  const updated = [known.updated, incoming.updated]
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  const categories = union(known.categories, incoming.categories);
  const arxivId = known.arxivId ?? incoming.arxivId;
  const version = Math.max(known.version ?? 0, incoming.version ?? 0);
  const upvotes = incoming.upvotes ?? known.upvotes;
  const aiSummary = incoming.aiSummary ?? known.aiSummary;
  const doi = incoming.doi ?? known.doi;
  const journal = incoming.journal ?? known.journal;
  return {
    ...merged,
    ...(authors ? { authors } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    ...(arxivId ? { arxivId } : {}),
    ...(version ? { version } : {}),
    ...(categories ? { categories } : {}),
    ...(upvotes !== undefined ? { upvotes } : {}),
    ...(aiSummary ? { aiSummary } : {}),
    ...(doi ? { doi } : {}),
    ...(journal ? { journal } : {}),
  };
}
