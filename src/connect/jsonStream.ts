// IPC sockets carry JSON-RPC messages back to back, not always newline-separated (geth, anvil
// and reth differ), so messages are found by tracking the nesting of the JSON itself.

/** Splits a stream of concatenated JSON values (IPC sends them back to back, not always newline-separated). */
export class JsonStreamSplitter {
  #buf = "";
  #depth = 0;
  #inString = false;
  #escape = false;
  #scanned = 0;
  readonly #emit: (text: string) => void;
  constructor(emit: (text: string) => void) {
    this.#emit = emit;
  }
  push(chunk: string): void {
    this.#buf += chunk;
    let start = 0;
    for (let i = this.#scanned; i < this.#buf.length; i++) {
      const c = this.#buf.charCodeAt(i);
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === 92) this.#escape = true;
        else if (c === 34) this.#inString = false;
        continue;
      }
      if (c === 34) this.#inString = true;
      else if (c === 123 || c === 91) this.#depth++;
      else if (c === 125 || c === 93) {
        this.#depth--;
        if (this.#depth === 0) {
          this.#emit(this.#buf.slice(start, i + 1).trim());
          start = i + 1;
        }
      }
    }
    this.#buf = this.#buf.slice(start);
    this.#scanned = this.#buf.length;
  }
}
