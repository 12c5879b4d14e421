// The `abibind` section of a Hardhat config, typed for users of the plugin.
import "hardhat/types/config";

declare module "hardhat/types/config" {
  interface HardhatUserConfig {
    /** Where `hardhat build` exports ABIs and writes bindings (default: package.json "abibind", else abi/ and generated/). */
    abibind?: AbibindHardhatUserConfig;
  }
  interface HardhatConfig {
    abibind: AbibindHardhatConfig;
  }
}

export interface AbibindHardhatUserConfig {
  /** The directory the ABIs (.abi + .bin) are exported to, and codegen reads. */
  readonly abi?: string;
  /** The directory the bindings are written to. */
  readonly out?: string;
}

export interface AbibindHardhatConfig {
  /** Absolute. */
  readonly abi: string;
  /** Absolute. */
  readonly out: string;
}
