// A directory's files (dotfiles aside) as relative path → content: how tests compare outputs.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

export function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!e.name.startsWith(".")) out.set(relative(dir, full), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}
