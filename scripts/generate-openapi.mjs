#!/usr/bin/env node
// Writes the hub-spoke HTTP contract's generated files from plugins/hub-spoke-backend/src/schema/openapi.yaml:
//   plugins/hub-spoke-backend/src/schema/openapi.generated.ts  (the document as a TypeScript const)
//   plugins/hub-spoke-common/src/schema/openapi.generated.ts   (its types and enum value arrays)
// Usage: npm run generate:openapi [-- --check]   (--check: write nothing, exit 1 when a file is out of date)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ROOT, generateOpenApiFiles } = require('./openapi/generate.cjs');

const check = process.argv.includes('--check');
let stale = 0;
for (const { file, text } of await generateOpenApiFiles(ROOT)) {
  const target = path.join(ROOT, file);
  const current = fs.existsSync(target)
    ? fs.readFileSync(target, 'utf8')
    : undefined;
  if (current === text) {
    console.log(`up to date: ${file}`);
  } else if (check) {
    stale += 1;
    console.error(`out of date: ${file} (run npm run generate:openapi)`);
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = stale ? 1 : 0;
