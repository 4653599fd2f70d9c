/**
 * A one-line progress bar on stderr for long runs, redrawn in place; nothing at all when stderr is not a
 * terminal, so piped and logged runs stay clean.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let last = -1;
  return {
    update(done: number, total: number) {
      if (!stream.isTTY || total <= 0) return;
      const share = Math.min(1, done / total);
      const percent = Math.floor(share * 100);
      if (percent === last) return;
      last = percent;
      const filled = Math.round(share * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
    },
    done() {
      if (stream.isTTY && last >= 0) stream.write('\n');
    },
  };
}
