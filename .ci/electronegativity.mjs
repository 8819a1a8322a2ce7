// Electron's security lint (electronegativity) through its API, not its CLI: the CLI writes its CSV
// header and its rows with two racing async writes, so under load a report could lose its first
// finding (seen in CI) or every one. Usage: node .ci/electronegativity.mjs DIR REPORT.csv
// Prints every finding, writes REPORT.csv, exits 1 on any finding above LOW or on an error.
import fs from 'node:fs';
import run from '@doyensec/electronegativity';

const [input, report] = process.argv.slice(2);
const csv = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;

run({ input, isRelative: true, customScan: [], excludeFromScan: [], parserPlugins: [], isVerbose: false })
  .then(({ issues, errors }) => {
    const rows = issues.map((i) => [i.id, i.severity.name, i.confidence.name, i.file, `${i.location.line}:${i.location.column}`, i.sample, i.description]);
    fs.writeFileSync(report, ['issue,severity,confidence,file,location,sample,description', ...rows.map((r) => r.map(csv).join(','))].join('\n') + '\n');
    for (const r of rows) console.log(`ci: electronegativity ${r[1]} ${r[0]} ${r[3]}:${r[4]}`);
    for (const e of errors ?? []) console.log(`ci: electronegativity could not parse ${e.file ?? ''}: ${e.message ?? e}`);
    const bad = rows.filter((r) => !['LOW', 'INFORMATIONAL'].includes(r[1]));
    console.log(`ci: electronegativity: ${rows.length} finding(s), ${bad.length} above LOW`);
    process.exit(bad.length ? 1 : 0);
  })
  .catch((e) => {
    console.log(`ci: electronegativity failed: ${e?.stack ?? e}`);
    process.exit(1);
  });
