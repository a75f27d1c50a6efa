// The gate npm run security applies to electronegativity's findings: any finding above LOW fails it
// unless the reviewed allow-list (security/electronegativity-allowlist.json) lists it with a reason.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import run from '@doyensec/electronegativity';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ALLOW_LIST = path.join(ROOT, 'security', 'electronegativity-allowlist.json');
const ABOVE_LOW = new Set(['MEDIUM', 'HIGH']);

/** The installed Electron's version: electronegativity's checks depend on each version's defaults. */
export function electronVersion() {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/** electronegativity's findings over src/, as {check, file, line, severity, description}. */
export async function scan(input = path.join(ROOT, 'src')) {
  const result = await run({
    input,
    isRelative: true,
    severitySet: 'informational',
    // its API reads the version from this option; without it, it assumes Electron 0.1.0
    electronVersionOverride: electronVersion(),
    parserPlugins: ['typescript'],
  });
  return (result?.issues ?? []).map((issue) => ({
    check: issue.id,
    file: issue.file,
    line: issue.location?.line ?? null,
    severity: String(issue.severity?.name ?? issue.severity).toUpperCase(),
    description: issue.description ?? '',
  }));
}

export function readAllowList(file = ALLOW_LIST) {
  const entries = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of entries) {
    if (!entry.check || !entry.file || !entry.reason?.trim())
      throw new Error(`${file}: every entry needs a check, a file and a reason`);
  }
  return entries;
}

/**
 * Which findings block (above LOW and not allowed), which are allowed and why, and which entries of
 * the allow-list no longer match a finding (to be removed, so the list stays reviewed).
 */
export function judge(findings, allowList) {
  const entryFor = (finding) =>
    allowList.find((entry) => entry.check === finding.check && entry.file === finding.file);
  const serious = findings.filter((finding) => ABOVE_LOW.has(finding.severity));
  return {
    blocking: serious.filter((finding) => entryFor(finding) === undefined),
    allowed: serious.flatMap((finding) => {
      const entry = entryFor(finding);
      return entry ? [{ finding, reason: entry.reason }] : [];
    }),
    stale: allowList.filter(
      (entry) => !findings.some((f) => f.check === entry.check && f.file === entry.file),
    ),
  };
}
