/**
 * The `limit` docs with the highest value, best first, ties by doc: a min-heap of the best so far, so tens of
 * thousands of matches cost one comparison each rather than a sort.
 */
export function topK(docs: ArrayLike<number>, value: (doc: number) => number, limit: number): number[] {
  const heap: { doc: number; value: number }[] = [];
  const worse = (a: { doc: number; value: number }, b: { doc: number; value: number }) =>
    a.value < b.value || (a.value === b.value && a.doc > b.doc);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const siftUp = (i: number) => {
    for (let parent = (i - 1) >> 1; i > 0 && worse(heap[i]!, heap[parent]!); i = parent, parent = (i - 1) >> 1) {
      swap(i, parent);
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      let least = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < heap.length && worse(heap[child]!, heap[least]!)) least = child;
      }
      if (least === i) return;
      swap(i, least);
      i = least;
    }
  };
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i]!;
    const v = value(doc);
    if (heap.length < limit) {
      heap.push({ doc, value: v });
      siftUp(heap.length - 1);
    } else if (v > heap[0]!.value || (v === heap[0]!.value && doc < heap[0]!.doc)) {
      heap[0] = { doc, value: v };
      siftDown(0);
    }
  }
  return heap.sort((a, b) => b.value - a.value || a.doc - b.doc).map((item) => item.doc);
}
