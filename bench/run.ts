/**
 * npm run bench                   both benchmarks, full sizes (10k, 100k, 1M items; 10,000 recipients)
 * npm run bench -- scan [sizes]   only (a), e.g. `npm run bench -- scan 10000 100000`
 * npm run bench -- send [n]       only (b), e.g. `npm run bench -- send 2000`
 * Prints markdown tables; BENCHMARKS.md records a run.
 */
import { benchScan } from './scan.js';
import { benchSend } from './send.js';

const [what, ...rest] = process.argv.slice(2);
const nums = rest.map(Number).filter((n) => n > 0);
if (!what || what === 'scan') console.log(`\n## (a) scan\n\n${await benchScan(nums.length ? nums : [10_000, 100_000, 1_000_000])}`);
if (!what || what === 'send') console.log(`\n## (b) send\n\n${await benchSend(nums[0] ?? 10_000)}`);
process.exit(0);
