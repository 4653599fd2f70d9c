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

/** A growable Uint32Array: postings are counted in millions per batch, so not as JavaScript arrays of objects. */
function growable() {
  let array = new Uint32Array(1 << 16);
  return {
    get array() {
      return array;
    },
    ensure(size: number) {
      if (size <= array.length) return;
      const bigger = new Uint32Array(Math.max(size, array.length * 2));
      bigger.set(array);
      array = bigger;
    },
  };
}

/**
 * Every term of a set of papers (by row id) with its posting list as stored (see `decodePostings`), in term
 * order, so a segment's rows are appended in key order. Built in flat typed arrays: a batch holds millions
 * of postings, which as objects would cost the ingest its time in garbage collection.
 */
export function postingsOf(papers: ReadonlyMap<number, FieldTerms>): [string, Buffer][] {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  // Per posting: its term, doc and field counts (a byte each, packed in one number).
  const termOf = growable();
  const docOf = growable();
  const countsOf = growable();
  // Per term: the last paper it was seen in (an ordinal from 1) and that paper's posting.
  const seenIn = growable();
  const postingIn = growable();
  let postings = 0;
  let ordinal = 0;
  for (const [doc, fields] of papers) {
    ordinal += 1;
    for (let f = 0; f < WIDTH; f += 1) {
      const shift = 8 * f;
      for (const term of fields[FIELDS[f]!]) {
        let id = ids.get(term);
        if (id === undefined) {
          id = terms.length;
          ids.set(term, id);
          terms.push(term);
          seenIn.ensure(id + 1);
          postingIn.ensure(id + 1);
          seenIn.array[id] = 0;
        }
        if (seenIn.array[id] !== ordinal) {
          seenIn.array[id] = ordinal;
          postingIn.array[id] = postings;
          termOf.ensure(postings + 1);
          docOf.ensure(postings + 1);
          countsOf.ensure(postings + 1);
          termOf.array[postings] = id;
          docOf.array[postings] = doc;
          countsOf.array[postings] = 0;
          postings += 1;
        }
        const at = postingIn.array[id]!;
        if (((countsOf.array[at]! >>> shift) & 255) < 255) countsOf.array[at] = countsOf.array[at]! + (1 << shift);
      }
    }
  }
  // Each term's postings placed together, in the order of the papers: a counting sort by term.
  const start = new Uint32Array(terms.length + 1);
  for (let p = 0; p < postings; p += 1) start[termOf.array[p]! + 1]! += 1;
  for (let t = 0; t < terms.length; t += 1) start[t + 1]! += start[t]!;
  const next = start.slice(0, terms.length);
  const order = new Uint32Array(postings);
  for (let p = 0; p < postings; p += 1) order[next[termOf.array[p]!]!++] = p;
  const byTerm = terms.map((term, id) => [term, id] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // One buffer for all lists, each a view of 8 bytes per doc, so every view's docs stay 4-byte aligned.
  const all = Buffer.alloc(postings * (4 + WIDTH));
  return byTerm.map(([term, id]) => {
    const from = start[id]!;
    const n = start[id + 1]! - from;
    const blob = all.subarray(from * (4 + WIDTH), (from + n) * (4 + WIDTH));
    const docs = new Uint32Array(blob.buffer, blob.byteOffset, n);
    for (let i = 0; i < n; i += 1) {
      const p = order[from + i]!;
      docs[i] = docOf.array[p]!;
      const counts = countsOf.array[p]!;
      for (let f = 0; f < WIDTH; f += 1) blob[n * 4 + i * WIDTH + f] = (counts >>> (8 * f)) & 255;
    }
    return [term, blob];
  });
}

/** A posting list as stored: the docs (4 bytes each, in the machine's byte order: the file stays on it) then their field counts. */
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

/** A stored list's docs as 4-byte numbers: a view when the blob is aligned (as SQLite's are), else a copy. */
const docsOf = (blob: Uint8Array, n: number) =>
  blob.byteOffset % 4 === 0
    ? new Uint32Array(blob.buffer, blob.byteOffset, n)
    : new Uint32Array(blob.slice(0, n * 4).buffer);

/**
 * Stored posting lists of one term joined as stored, keeping each doc only from the list of the segment
 * holding it (`live[doc]`): what a merge writes, without decoding the lists into objects.
 */
export function joinStored(blobs: readonly Uint8Array[], segments: readonly number[], live: Int32Array): Buffer {
  let total = 0;
  blobs.forEach((blob, l) => {
    const docs = docsOf(blob, blob.byteLength / (4 + WIDTH));
    for (let i = 0; i < docs.length; i += 1) if (live[docs[i]!] === segments[l]) total += 1;
  });
  const joined = Buffer.alloc(total * (4 + WIDTH));
  const joinedDocs = new Uint32Array(joined.buffer, joined.byteOffset, total);
  let n = 0;
  blobs.forEach((blob, l) => {
    const count = blob.byteLength / (4 + WIDTH);
    const docs = docsOf(blob, count);
    for (let i = 0; i < count; i += 1) {
      if (live[docs[i]!] !== segments[l]) continue;
      joinedDocs[n] = docs[i]!;
      for (let f = 0; f < WIDTH; f += 1) joined[total * 4 + n * WIDTH + f] = blob[count * 4 + i * WIDTH + f]!;
      n += 1;
    }
  });
  return joined;
}
