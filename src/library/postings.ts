import type { FieldTerms } from '../search/paper-terms.js';

/** The fields of a paper in the order their term counts are stored. */
export const FIELDS = ['title', 'abstract', 'authors', 'parts'] as const;

/**
 * The papers (by row id) that contain one term, each with how often the term occurs in each field: the
 * unit search reads. Typed arrays, so scoring tens of thousands of papers is a tight loop, not objects.
 */
export interface PostingList {
  readonly docs: Uint32Array;
  /** FIELDS.length counts per doc, capped at 255 (BM25 saturates long before). */
  readonly counts: Uint8Array;
}

const WIDTH = FIELDS.length;

/** Every term of a set of papers (by row id) with its posting list. */
export function postingsOf(papers: ReadonlyMap<number, FieldTerms>): Map<string, PostingList> {
  const building = new Map<string, { docs: number[]; counts: number[] }>();
  for (const [doc, fields] of papers) {
    const own = new Map<string, number[]>();
    for (let f = 0; f < WIDTH; f += 1) {
      for (const term of fields[FIELDS[f]!]) {
        let counts = own.get(term);
        if (!counts) own.set(term, (counts = new Array<number>(WIDTH).fill(0)));
        if (counts[f]! < 255) counts[f] = counts[f]! + 1;
      }
    }
    for (const [term, counts] of own) {
      let list = building.get(term);
      if (!list) building.set(term, (list = { docs: [], counts: [] }));
      list.docs.push(doc);
      for (let f = 0; f < WIDTH; f += 1) list.counts.push(counts[f]!);
    }
  }
  return new Map(
    [...building].map(([term, list]) => [
      term,
      { docs: Uint32Array.from(list.docs), counts: Uint8Array.from(list.counts) },
    ]),
  );
}

/** A posting list as stored: the docs (4 bytes each, in the machine's byte order: the file stays on it) then their field counts. */
export function encodePostings(list: PostingList): Buffer {
  const docs = Buffer.from(list.docs.buffer, list.docs.byteOffset, list.docs.byteLength);
  return Buffer.concat([docs, list.counts]);
}

export function decodePostings(blob: Uint8Array): PostingList {
  const n = blob.byteLength / (4 + WIDTH);
  // A Uint32Array view needs 4-byte alignment; an unaligned blob is copied once.
  const bytes = blob.byteOffset % 4 === 0 ? blob : new Uint8Array(blob);
  return { docs: new Uint32Array(bytes.buffer, bytes.byteOffset, n), counts: bytes.subarray(n * 4, n * (4 + WIDTH)) };
}

/** Posting lists of one term joined, keeping only the docs `keep` accepts (those live in the list's segment). */
export function joinPostings(lists: readonly PostingList[], keep: (doc: number, list: number) => boolean): PostingList {
  const total = lists.reduce((sum, list) => sum + list.docs.length, 0);
  const docs = new Uint32Array(total);
  const counts = new Uint8Array(total * WIDTH);
  let n = 0;
  lists.forEach((list, l) => {
    for (let i = 0; i < list.docs.length; i += 1) {
      if (!keep(list.docs[i]!, l)) continue;
      docs[n] = list.docs[i]!;
      for (let f = 0; f < WIDTH; f += 1) counts[n * WIDTH + f] = list.counts[i * WIDTH + f]!;
      n += 1;
    }
  });
  return { docs: docs.slice(0, n), counts: counts.slice(0, n * WIDTH) };
}
