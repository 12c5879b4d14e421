#!/usr/bin/env node
// Launcher: runs abibind on Node >= 22.18 even when the `node` on PATH is older, by re-executing
// with a newer Node found in node_modules (the npm package `node`), or says which Node it needs.
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const root = path.join(__dirname, "..");
const inNodeModules = root.split(path.sep).includes("node_modules");
const src = path.join(root, "src", "cli", "main.ts");
const dist = path.join(root, "dist", "cli", "main.js");
// Node refuses to strip types under node_modules, so installed copies run the built JavaScript.
// From the source checkout, main.ts itself makes "abibind" mean src/ (the abibind-source export
// condition, added by a resolve hook in-process): no flag here, no second process.
const entry = !inNodeModules && fs.existsSync(src) ? src : dist;

const [major, minor] = process.versions.node.split(".").map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  // Node's compile cache also keeps the type-stripped sources: without it every start pays
  // ~100 ms to load the TypeScript stripper, more than a no-op codegen run costs in total.
  require("node:module").enableCompileCache?.();
  import(require("node:url").pathToFileURL(entry).href);
} else {
  const candidates = [];
  for (let dir = root; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "node_modules", "node", "bin", "node"));
    if (path.dirname(dir) === dir) break;
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "node_modules", "node", "bin", "node"));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (found === undefined) {
    process.stderr.write(`abibind: needs Node.js >= 22.18 (this is ${process.version}); install it, or add the npm package node@24 to the project\n`);
    process.exit(1);
  }
  const child = require("node:child_process").spawn(found, [entry, ...process.argv.slice(2)], { stdio: "inherit" });
  // A signal sent to this launcher alone (a supervisor's SIGTERM to `abibind watch`) must reach
  // the real process, which commits its checkpoint and exits on its own.
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  child.on("error", (e) => {
    process.stderr.write(`abibind: could not start ${found}: ${e.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)));
}
