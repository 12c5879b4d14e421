// Resolves the plugin's directories once, with Hardhat's config: the `abibind` section of the
// Hardhat config, else package.json "abibind" (what `abibind codegen` reads), else abi/ and
// generated/. So `npx hardhat build` and `abibind codegen` write the same files.
import type { ConfigHooks } from "hardhat/types/hooks";
import { projectCodegenDirs } from "./projectDirs.ts";

export default async (): Promise<Partial<ConfigHooks>> => ({
  async validateUserConfig(userConfig) {
    const section: unknown = userConfig.abibind;
    if (section === undefined) return [];
    if (typeof section !== "object" || section === null || Array.isArray(section)) {
      return [{ path: ["abibind"], message: "abibind must be an object: { abi?: string, out?: string }" }];
    }
    const errors = [];
    for (const key of Object.keys(section)) {
      const value = (section as Record<string, unknown>)[key];
      if (key !== "abi" && key !== "out") errors.push({ path: ["abibind", key], message: `unknown abibind option "${key}" (options: abi, out)` });
      else if (typeof value !== "string" || value === "") errors.push({ path: ["abibind", key], message: `abibind.${key} must be a directory path` });
    }
    return errors;
  },
  async resolveUserConfig(userConfig, resolveConfigurationVariable, next) {
    const resolved = await next(userConfig, resolveConfigurationVariable);
    return { ...resolved, abibind: projectCodegenDirs(resolved.paths.root, userConfig.abibind) };
  },
});
