// npm run fuzz [-- scale]: the fuzzers in test/fuzz with `scale` times the cases they run inside
// npm test (50 by default). WHISKER_FUZZ_SEED=<seed> replays the run a failure reported.
import { spawnSync } from 'node:child_process';

const scale = process.argv[2] ?? process.env.WHISKER_FUZZ_SCALE ?? '50';
if (!(Number(scale) > 0)) {
  console.error(`the scale must be a positive number, got "${scale}"`);
  process.exit(2);
}
console.log(`Fuzzing with ${scale} times the cases of npm test`);
const run = spawnSync('npx', ['vitest', 'run', 'test/fuzz', '--project', 'node'], {
  stdio: 'inherit',
  env: { ...process.env, WHISKER_FUZZ_SCALE: scale },
});
process.exit(run.status ?? 1);
