// Loaded into a measured process (`node --import bench/exit-usage.mjs …`): at exit it writes the CPU time of all
// its threads, its peak resident memory and how long it lived as JSON to the file named by BENCH_USAGE_FILE, so
// the bench knows what a one-shot process used without racing its exit. Plain JavaScript: it adds no loader.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const usage = {
      cpu_ms: (cpu.user + cpu.system) / 1000,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
      alive_ms: performance.now(),
    };
    writeFileSync(file, JSON.stringify(usage));
  });
}
