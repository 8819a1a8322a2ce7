// `npm run bench`: runs every test/bench/*.bench.ts section in order (or those named on the
// command line, e.g. `npm run bench -- loader`), printing each section's numbers.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=16384', join(root, 'test/bench/run.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
