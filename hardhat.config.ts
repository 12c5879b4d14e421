import { createRequire } from "node:module";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatEthers],
  solidity: {
    // The WASM compiler from npm: no compiler download at build time.
    version: "0.8.28",
    path: require.resolve("solc/soljson.js"),
  },
});
