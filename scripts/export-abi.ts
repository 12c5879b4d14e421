// The Remix "copy ABI" step: writes abi/<Name>.abi and abi/<Name>.bin for each contract
// Hardhat compiled from contracts/ (run `npx hardhat build` first, or `npm run build:contracts`).
// `npx hardhat build` does this itself through the abibind plugin (src/hardhat/); this script is
// the same step on its own.
import { exportAbis } from "../src/hardhat/exportAbis.ts";

export { exportAbis };

if (import.meta.main) {
  console.log(exportAbis().exported.map((f) => `abi/${f}`).join("\n"));
}
