import { AbibindError } from "./AbibindError.ts";

/**
 * A log fetched for one event that the contract's ABI cannot decode: same topic, other layout
 * (an ERC-721 Transfer among ERC-20 ones), or malformed data. Typed queries reject with it rather
 * than hand back `args: null`; `logs.all()` keeps such logs raw instead.
 */
export class LogDecodeError extends AbibindError {
  override name = "LogDecodeError";
  readonly blockNumber: number;
  readonly logIndex: number;
  readonly address: string;
  readonly transactionHash: string;
  constructor(log: { blockNumber: number; logIndex: number; address: string; transactionHash: string }, event: string) {
    super("LOG_DECODE", `the log at block ${log.blockNumber}, index ${log.logIndex} (address ${log.address}, transaction ${log.transactionHash}) does not decode as ${event}`);
    this.blockNumber = log.blockNumber;
    this.logIndex = log.logIndex;
    this.address = log.address;
    this.transactionHash = log.transactionHash;
  }
}
