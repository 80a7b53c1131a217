// Prints the gzipped size of the JavaScript the browser loads before the first page shows: the entry
// chunk and the chunks index.html preloads. Route pages are separate chunks loaded on demand.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const out = process.env.IOTP_UI_OUT_DIR ?? 'dist';
const limit = 300 * 1024;
const html = readFileSync(join(out, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(out, file)), { level: 9 }).length;
const initialBytes = initial.reduce((sum, file) => sum + gz(file), 0);
const all = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'));
const allBytes = all.reduce((sum, file) => sum + gz(join('assets', file)), 0);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`[platform-ui] initial JS gzipped: ${kb(initialBytes)} (${initial.join(', ')}); all JS gzipped: ${kb(allBytes)} in ${all.length} chunks; limit ${kb(limit)}`);
if (initialBytes > limit) {
  console.error(`[platform-ui] the initial JavaScript is over the ${kb(limit)} budget`);
  process.exit(1);
}
