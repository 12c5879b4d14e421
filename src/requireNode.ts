// Imported first by every public entry: on a Node.js older than abibind supports, say so in one
// line and stop, instead of failing later with a stack trace from whichever API is missing.
// No imports: it must evaluate before any other module of the package.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`abibind: needs Node.js >= 22.18 (this is ${process.version})\n`);
  process.exit(1);
}
export {};
