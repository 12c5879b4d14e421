// abibind/hardhat: the Hardhat 3 plugin. After every successful `hardhat build` it exports
// <abi>/<Name>.abi (+ .bin) for the project's contracts and runs abibind's codegen on them, as
// hardhat-typechain users expect of a build, printing one line of what it did. Directories: the
// config's `abibind: { abi, out }`, else package.json "abibind", else abi/ and generated/.
//
//   import abibind from "abibind/hardhat";
//   export default defineConfig({ plugins: [abibind], … });
import type { HardhatPlugin } from "hardhat/types/plugins";
import "./type-extensions.ts";

export type { AbibindHardhatConfig, AbibindHardhatUserConfig } from "./type-extensions.ts";

const abibindPlugin: HardhatPlugin = {
  id: "abibind",
  npmPackage: "abibind",
  hookHandlers: {
    config: () => import("./configHooks.ts"),
    solidity: () => import("./solidityHooks.ts"),
  },
};

export default abibindPlugin;
