import { createRequire } from "node:module";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { defineConfig } from "hardhat/config";
import abibind from "./src/hardhat/index.ts";

const require = createRequire(import.meta.url);

export default defineConfig({
  // abibind: `hardhat build` also refreshes abi/ and generated/ (src/hardhat/).
  plugins: [hardhatEthers, abibind],
  // Hardhat 3 compiles every .sol under the Solidity-tests folder (default test/); ours hold only
  // fixtures for other compilers (test/fixtures/), and the project has no Solidity tests.
  paths: { tests: { solidity: "test/solidity" } },
  solidity: {
    // The WASM compiler from npm: no compiler download at build time.
    version: "0.8.28",
    path: require.resolve("solc/soljson.js"),
  },
});
