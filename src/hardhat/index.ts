// The abibind Hardhat 3 plugin: after every successful `hardhat build`, exports abi/<Name>.abi
// (+ .bin) for the contracts of contracts/ and runs `abibind codegen` on them, as hardhat-typechain
// users expect of a build. Same code as `node scripts/export-abi.ts && abibind codegen`, so both
// paths leave identical files. Directories come from package.json "abibind" (inputs[0], out), as
// for the CLI; defaults abi/ and generated/.
import type { HardhatPlugin } from "hardhat/types/plugins";

const abibindPlugin: HardhatPlugin = {
  id: "abibind",
  npmPackage: null,
  hookHandlers: {
    solidity: () => import("./solidityHooks.ts"),
  },
};

export default abibindPlugin;
