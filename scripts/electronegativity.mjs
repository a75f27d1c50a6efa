// npm run security: @doyensec/electronegativity over the Electron source; fails on any HIGH
// finding. Its CLI exits 0 whatever it finds, so the gate reads the programmatic result.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import run from '@doyensec/electronegativity';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = await run({
  input: path.join(root, 'src'),
  isRelative: true,
  severitySet: 'informational',
  electronVersion: '45.4.1',
  parserPlugins: ['typescript'],
});
const issues = result?.issues ?? [];
const high = issues.filter(
  (issue) => String(issue.severity?.name ?? issue.severity).toUpperCase() === 'HIGH',
);
for (const issue of issues) {
  const severity = String(issue.severity?.name ?? issue.severity);
  console.log(
    `${severity.padEnd(13)} ${issue.id} ${issue.file}:${issue.location?.line ?? '?'} ${issue.description ?? ''}`,
  );
}
console.log(`electronegativity: ${issues.length} finding(s), ${high.length} HIGH`);
process.exit(high.length > 0 ? 1 : 0);
