import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Every file a page loads: its HTML, the scripts and styles it names, and their static imports. */
export function pageFiles(outDir: string, html: string): string[] {
  const seen = new Set<string>([html]);
  const queue: string[] = [];
  const text = readFileSync(join(outDir, html), 'utf8');
  for (const match of text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g))
    queue.push(normalize(match[1]!.replace(/^\//, '')));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(outDir, file), 'utf8');
    for (const match of code.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) {
      const target = match[1]!;
      queue.push(target.startsWith('/') ? normalize(target.slice(1)) : normalize(join(dirname(file), target)));
    }
  }
  return [...seen];
}

/** Raw and gzip bytes of everything a page loads. */
export function pageSize(outDir: string, html: string): { files: number; raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const files = pageFiles(outDir, html);
  for (const file of files) {
    const bytes = readFileSync(join(outDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}
