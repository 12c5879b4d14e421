// npm run node: a real anvil on 127.0.0.1:8545 (HTTP and WS) with an IPC socket, for people who
// want a node outside Hardhat. The socket path is short and fixed: unix socket paths over ~107 bytes fail.
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ipc = join(tmpdir(), "abibind-anvil.ipc");
const port = process.env.PORT ?? "8545";
console.log(`anvil: http://127.0.0.1:${port}  ws://127.0.0.1:${port}  ipc ${ipc}`);
// npm run, not `node …`: the project's Node 24 runs the TypeScript, whatever the system Node is.
console.log(`try:   ABIBIND_RPC=${ipc} npm run call   (or ABIBIND_RPC=http://127.0.0.1:${port} npm run call)`);
const child = spawn(new URL("../node_modules/.bin/anvil", import.meta.url).pathname, ["--host", "127.0.0.1", "--port", port, "--ipc", ipc], {
  stdio: "inherit",
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
