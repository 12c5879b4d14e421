// abibind keystore new|import <keyfile>|list --keystore-dir D [--password-file F] [--lightkdf]
// geth-compatible v3 keystore files (UTC--<time>--<address>), written atomically with mode 0600.
import { parseArgs } from "node:util";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";

const HELP = `Usage: abibind keystore new --keystore-dir D [--password-file F] [--lightkdf]
       abibind keystore import <keyfile> --keystore-dir D [--password-file F] [--lightkdf]
       abibind keystore list --keystore-dir D

Manages geth-compatible (v3, scrypt) keystore files, named UTC--<time>--<address> and written
atomically with mode 0600. new and import print "<address> <path>"; list prints one such line
per keystore in D. The password is the first line of --password-file, or typed at a terminal
(no echo); without either, the command fails.

Options:
  --keystore-dir D     the keystore directory (created with mode 0700 if missing)
  --password-file F    read the password from the first line of F
  --lightkdf           scrypt n=4096 p=6 (geth's --lightkdf) instead of n=262144 p=1: faster, weaker
  -h, --help           show this help`;

const SUB_HELP: Record<string, string> = {
  new: `Usage: abibind keystore new --keystore-dir D [--password-file F] [--lightkdf]

Creates a random key, encrypts it into D and prints "<address> <path>".

Options:
  --keystore-dir D     the keystore directory (created with mode 0700 if missing)
  --password-file F    read the password from the first line of F (else prompt on a terminal)
  --lightkdf           scrypt n=4096 p=6 (geth's --lightkdf) instead of n=262144 p=1
  -h, --help           show this help`,
  import: `Usage: abibind keystore import <keyfile> --keystore-dir D [--password-file F] [--lightkdf]

Encrypts the hex private key in <keyfile> into D and prints "<address> <path>".

Options:
  --keystore-dir D     the keystore directory (created with mode 0700 if missing)
  --password-file F    read the password from the first line of F (else prompt on a terminal)
  --lightkdf           scrypt n=4096 p=6 (geth's --lightkdf) instead of n=262144 p=1
  -h, --help           show this help`,
  list: `Usage: abibind keystore list --keystore-dir D

Prints "<address> <path>" for each keystore file in D, sorted by file name.

Options:
  --keystore-dir D     the keystore directory
  -h, --help           show this help`,
};

async function newPassword(sub: string, passwordFile: string | undefined): Promise<string> {
  const { promptPassword, readPasswordFile } = await import("../signers/password.ts");
  let password: string;
  if (passwordFile !== undefined) {
    password = readPasswordFile(passwordFile);
  } else {
    const noTty = `keystore ${sub}: no --password-file, and stdin is not a terminal to prompt for a password`;
    password = await promptPassword("New password: ", noTty);
    if ((await promptPassword("Repeat password: ", noTty)) !== password) throw new UsageError(`keystore ${sub}: the passwords do not match`);
  }
  if (password === "") throw new UsageError(`keystore ${sub}: the password is empty${passwordFile !== undefined ? ` (${passwordFile})` : ""}`);
  return password;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "keystore-dir": { type: "string" },
        "password-file": { type: "string" },
        lightkdf: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const option = /'([^']+)'/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option !== undefined) {
      throw new UsageError(`keystore: unknown option ${option} (see abibind keystore --help)`);
    }
    throw new UsageError(`keystore: ${err.message.split("\n")[0]}`);
  }
  const v = parsed.values;
  const [sub, ...args] = parsed.positionals;
  if (sub === undefined || sub === "help") {
    process.stdout.write(`${HELP}\n`);
    return v.help === true || sub === "help" ? 0 : 2;
  }
  const subHelp = SUB_HELP[sub];
  if (subHelp === undefined) throw new UsageError(`keystore: unknown subcommand "${sub}" (subcommands: new, import, list)`);
  if (v.help === true) {
    process.stdout.write(`${subHelp}\n`);
    return 0;
  }
  const dir = v["keystore-dir"];
  if (dir === undefined || dir === "") throw new UsageError(`keystore ${sub}: --keystore-dir D is required`);

  if (sub === "list") {
    if (args.length > 0) throw new UsageError(`keystore list: unexpected argument "${args[0]}"`);
    if (v["password-file"] !== undefined || v.lightkdf === true) throw new UsageError("keystore list: takes only --keystore-dir");
    const { listKeystores } = await import("../signers/keystoreDir.ts");
    for (const { address, path } of listKeystores(dir)) process.stdout.write(`${address} ${path}\n`);
    return 0;
  }

  let privateKey: string;
  if (sub === "import") {
    if (args.length !== 1) throw new UsageError(args.length === 0 ? "keystore import: <keyfile> is required" : `keystore import: unexpected argument "${args[1]}"`);
    const { readPrivateKeyFile } = await import("../signers/privateKeyFile.ts");
    privateKey = readPrivateKeyFile(args[0]!);
  } else {
    if (args.length > 0) throw new UsageError(`keystore new: unexpected argument "${args[0]}"`);
    const { Wallet } = await import("ethers");
    privateKey = Wallet.createRandom().privateKey;
  }
  const { computeAddress } = await import("ethers");
  const { listKeystores, storeKeystore } = await import("../signers/keystoreDir.ts");
  const address = computeAddress(privateKey);
  if (sub === "import") {
    let existing: string | undefined;
    try {
      existing = listKeystores(dir).find((k) => k.address === address)?.path;
    } catch {
      existing = undefined; // no directory yet
    }
    if (existing !== undefined) throw new AbibindError("KEY_FILE", `keystore import: ${address} is already in ${existing}`);
  }
  const password = await newPassword(sub, v["password-file"]);
  const { encryptKeystore } = await import("../signers/keystore.ts");
  const json = await encryptKeystore(privateKey, password, { scrypt: v.lightkdf === true ? "light" : "standard" });
  const path = storeKeystore(dir, json);
  process.stdout.write(`${address} ${path}\n`);
  return 0;
}
