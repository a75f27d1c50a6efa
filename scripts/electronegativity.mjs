// npm run security: @doyensec/electronegativity over the Electron source. Fails on any finding above
// LOW that security/electronegativity-allowlist.json does not list with a reason, and on entries of
// that list that no longer match a finding. Its CLI exits 0 whatever it finds, so the gate reads
// the programmatic result (securityGate.mjs).
import { electronVersion, judge, readAllowList, scan } from './securityGate.mjs';

const findings = await scan();
const { blocking, allowed, stale } = judge(findings, readAllowList());
console.log(`electronegativity, for Electron ${electronVersion()}:`);
for (const f of findings) {
  const allowedAs = allowed.find((a) => a.finding === f);
  console.log(
    `${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.line ?? '?'} ${f.description}` +
      (allowedAs ? `\n${' '.repeat(14)}allowed: ${allowedAs.reason}` : ''),
  );
}
for (const entry of stale)
  console.log(
    `stale allow-list entry: ${entry.check} ${entry.file} no longer found; remove it from the list`,
  );
console.log(
  `${findings.length} finding(s): ${blocking.length} blocking, ${allowed.length} allowed with a reason, ${stale.length} stale entr${stale.length === 1 ? 'y' : 'ies'}`,
);
process.exit(blocking.length > 0 || stale.length > 0 ? 1 : 0);
