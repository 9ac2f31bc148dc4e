#!/usr/bin/env node
// Fails when any JUnit test of the last `mvn verify` was skipped. Tests that need a service, a browser or a
// tool may skip on a bare laptop, saying why; in CI, which installs and starts all of them, a skip means a
// test did not run, so the run fails and names each one with its reason.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let files = 0;
let tests = 0;
const skipped = [];
for (const module of fs.readdirSync(root)) {
  const dir = path.join(root, module, 'target', 'surefire-reports');
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir)) {
    if (!/^TEST-.*\.xml$/.test(name)) continue;
    files++;
    const xml = fs.readFileSync(path.join(dir, name), 'utf8');
    const suite = /<testsuite\b[^>]*\btests="(\d+)"/.exec(xml);
    tests += suite ? Number(suite[1]) : 0;
    for (const m of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const body = m[2] ?? '';
      if (!/<skipped\b/.test(body)) continue;
      // The reason is a message attribute, or the exception's first line inside the element.
      const reason = (/<skipped\b[^>]*\bmessage="([^"]*)"/.exec(body) ?? [])[1]
        ?? (/<skipped\b[^>]*>(?:<!\[CDATA\[)?([^\n\]]*)/.exec(body) ?? [])[1];
      const attr = (k) => (new RegExp(`\\b${k}="([^"]*)"`).exec(m[1]) ?? [])[1] ?? '?';
      skipped.push(`${module}: ${attr('classname')}.${attr('name')}: ${reason || 'no reason given'}`);
    }
  }
}
if (files === 0) {
  console.error('no-skips: found no surefire reports; did mvn verify run?');
  process.exit(2);
}
if (skipped.length > 0) {
  console.error(`no-skips: ${skipped.length} of ${tests} JUnit tests were skipped:`);
  for (const s of skipped) console.error(`  ${s}`);
  process.exit(1);
}
console.log(`no-skips: ${tests} JUnit tests in ${files} classes, none skipped`);
