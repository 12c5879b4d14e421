// abibind keystore new|import|list: geth-compatible v3 keystore files (UTC--<time>--<address>),
// written atomically with mode 0600, through the library's keystore functions.
import { type CommandSpec, helpText, noMore, parseCommand } from "./options.ts";
import { UsageError } from "abibind/codegen";
import { KeyFileError } from "abibind";

const DIR = { type: "string", value: "D", description: "the keystore directory (created with mode 0700 if missing)", required: true } as const;
const PASSWORD_FILE = { type: "string", value: "F", description: "read the password from the first line of F (else prompt on a terminal)" } as const;
const LIGHTKDF = { type: "boolean", description: "scrypt n=4096 p=6 (geth's --lightkdf) instead of n=262144 p=1: faster, weaker" } as const;

export const spec = {
  name: "keystore",
  usage: ["new --keystore-dir D [--password-file F] [--lightkdf]", "import <keyfile> --keystore-dir D [--password-file F] [--lightkdf]", "list --keystore-dir D"],
  description: `Manages geth-compatible (v3, scrypt) keystore files, named UTC--<time>--<address> and written
atomically with mode 0600. new and import print "<address> <path>"; list prints one such line
per keystore in D. The password is the first line of --password-file, or typed at a terminal
(no echo); without either, the command fails.`,
  options: { "keystore-dir": { ...DIR, required: false }, "password-file": PASSWORD_FILE, lightkdf: LIGHTKDF },
} as const satisfies CommandSpec;

const SUBS = {
  new: {
    name: "keystore new",
    usage: ["--keystore-dir D [--password-file F] [--lightkdf]"],
    description: 'Creates a random key, encrypts it into D and prints "<address> <path>".',
    options: { "keystore-dir": DIR, "password-file": PASSWORD_FILE, lightkdf: LIGHTKDF },
  },
  import: {
    name: "keystore import",
    usage: ["<keyfile> --keystore-dir D [--password-file F] [--lightkdf]"],
    description: 'Encrypts the hex private key in <keyfile> into D and prints "<address> <path>".',
    options: { "keystore-dir": DIR, "password-file": PASSWORD_FILE, lightkdf: LIGHTKDF },
  },
  list: {
    name: "keystore list",
    usage: ["--keystore-dir D"],
    description: 'Prints "<address> <path>" for each keystore file in D, sorted by file name.',
    options: { "keystore-dir": { ...DIR, description: "the keystore directory" } },
  },
} as const satisfies Record<string, CommandSpec>;

type Sub = keyof typeof SUBS;
const isSub = (s: string | undefined): s is Sub => s !== undefined && Object.hasOwn(SUBS, s);

/** Errors name the subcommand once it is known ("keystore import: …"). */
export function commandName(argv: readonly string[]): string {
  try {
    const sub = parseCommand(spec, argv).positionals[0];
    return isSub(sub) ? SUBS[sub].name : spec.name;
  } catch {
    return spec.name;
  }
}

async function newPassword(passwordFile: string | undefined): Promise<string> {
  const { promptPassword, readPasswordFile } = await import("abibind");
  let password: string;
  if (passwordFile !== undefined) {
    password = readPasswordFile(passwordFile);
  } else {
    const noTty = "no --password-file, and stdin is not a terminal to prompt for a password";
    password = await promptPassword("New password: ", noTty);
    if ((await promptPassword("Repeat password: ", noTty)) !== password) throw new UsageError("the passwords do not match");
  }
  if (password === "") throw new UsageError(`the password is empty${passwordFile !== undefined ? ` (${passwordFile})` : ""}`);
  return password;
}

export async function run(argv: string[]): Promise<number> {
  const top = parseCommand(spec, argv);
  const sub = top.positionals[0];
  if (sub === undefined || sub === "help") {
    process.stdout.write(`${helpText(spec)}\n`);
    return top.help || sub === "help" ? 0 : 2;
  }
  if (!isSub(sub)) throw new UsageError(`unknown subcommand "${sub}" (subcommands: ${Object.keys(SUBS).join(", ")})`);
  const { values: v, positionals, help } = parseCommand<(typeof SUBS)["new"]["options"] | (typeof SUBS)["list"]["options"]>(SUBS[sub], argv);
  if (help) {
    process.stdout.write(`${helpText(SUBS[sub])}\n`);
    return 0;
  }
  const args = positionals.slice(1);
  const dir = v["keystore-dir"]!;
  const { AbibindError, listKeystores, readPrivateKeyFile, encryptKeystore, storeKeystore } = await import("abibind");

  if (sub === "list") {
    noMore(args);
    for (const { address, path } of listKeystores(dir)) process.stdout.write(`${address} ${path}\n`);
    return 0;
  }
  const { Wallet, computeAddress } = await import("ethers");
  let privateKey: string;
  if (sub === "import") {
    if (args.length === 0) throw new UsageError("<keyfile> is required");
    noMore(args.slice(1));
    privateKey = readPrivateKeyFile(args[0]!);
  } else {
    noMore(args);
    privateKey = Wallet.createRandom().privateKey;
  }
  const address = computeAddress(privateKey);
  if (sub === "import") {
    let existing: string | undefined;
    try {
      existing = listKeystores(dir).find((k) => k.address === address)?.path;
    } catch {
      existing = undefined; // no directory yet
    }
    if (existing !== undefined) throw new KeyFileError(`${address} is already in ${existing}`);
  }
  const password = await newPassword("password-file" in v ? v["password-file"] : undefined);
  const json = await encryptKeystore(privateKey, password, { scrypt: "lightkdf" in v && v.lightkdf ? "light" : "standard" });
  process.stdout.write(`${address} ${storeKeystore(dir, json)}\n`);
  return 0;
}
