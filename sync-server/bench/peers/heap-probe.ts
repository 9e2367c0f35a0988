// Preloaded (--import) into every relay under test: on SIGUSR2 it collects garbage and writes the
// retained heap to HEAP_PROBE_FILE, so the benchmark compares live memory, not allocator slack.
import { writeFileSync } from 'node:fs';

const file = process.env.HEAP_PROBE_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, external } = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ retained: heapUsed + external, at: Date.now() }));
  });
}
