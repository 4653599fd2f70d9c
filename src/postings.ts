import type { FieldTerms } from './paper-terms.js';

/** The fields of a paper in the order their term counts are stored, and their boosts in BM25. */
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
    FIELDS.forEach((field, f) => {
      for (const term of fields[field]) {
        let counts = own.get(term);
        if (!counts) own.set(term, (counts = new Array<number>(WIDTH).fill(0)));
        counts[f] = Math.min(255, counts[f]! + 1);
      }
    });
    for (const [term, counts] of own) {
      let list = building.get(term);
      if (!list) building.set(term, (list = { docs: [], counts: [] }));
      list.docs.push(doc);
      list.counts.push(...counts);
    }
  }
  return new Map([...building].map(([term, list]) => [term, { docs: Uint32Array.from(list.docs), counts: Uint8Array.from(list.counts) }]));
}

/** A posting list as stored: the docs (4 bytes each, little-endian) then their field counts. */
export function encodePostings(list: PostingList): Buffer {
  const out = Buffer.alloc(list.docs.length * (4 + WIDTH));
  for (let i = 0; i < list.docs.length; i += 1) out.writeUInt32LE(list.docs[i]!, i * 4);
  out.set(list.counts, list.docs.length * 4);
  return out;
}

export function decodePostings(blob: Uint8Array): PostingList {
  const n = blob.byteLength / (4 + WIDTH);
  const docs = new Uint32Array(n);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < n; i += 1) docs[i] = view.getUint32(i * 4, true);
  return { docs, counts: blob.slice(n * 4, n * (4 + WIDTH)) };
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
      counts.set(list.counts.subarray(i * WIDTH, (i + 1) * WIDTH), n * WIDTH);
      n += 1;
    }
  });
  return { docs: docs.slice(0, n), counts: counts.slice(0, n * WIDTH) };
}
