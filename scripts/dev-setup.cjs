// Development checkout only (npm's `prepare`, never in the published package, whose manifest
// carries no scripts): under a system Node 20, npm skips Hardhat's native EDR package, so it is
// installed here; and node_modules/.bin/abibind is linked to this checkout's CLI.
"use strict";
const { execSync } = require("node:child_process");
const fs = require("node:fs");

try {
  require("@nomicfoundation/edr");
} catch {
  execSync("npm install --ignore-scripts --no-audit --no-fund", { stdio: "inherit" });
}
fs.mkdirSync("node_modules/.bin", { recursive: true });
try {
  fs.symlinkSync("../../bin/abibind.cjs", "node_modules/.bin/abibind");
} catch (e) {
  if (e.code !== "EEXIST") throw e;
}
