// Runtime code of a Multicall3-compatible aggregator, compiled from test/fixtures/multicall3 by npm solc.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function compile(): string {
  const solc = require("solc") as { compile(input: string): string };
  const source = readFileSync(new URL("../fixtures/multicall3/Multicall3.sol", import.meta.url), "utf8");
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: "Solidity",
        sources: { "Multicall3.sol": { content: source } },
        settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["evm.deployedBytecode.object"] } } },
      }),
    ),
  ) as { contracts: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>> };
  return `0x${out.contracts["Multicall3.sol"]!.Multicall3!.evm.deployedBytecode.object}`;
}

export const MULTICALL3_RUNTIME = compile();
