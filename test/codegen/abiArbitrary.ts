// fast-check arbitraries for valid ABIs, biased towards the names and shapes that break generators:
// keywords, BaseContract members, Object.prototype names, duplicates, empty names, nested tuples.
import fc from "fast-check";
import { type AbiParam, signatureOf } from "../../src/codegen/abiModel.ts";

const TRAP_NAMES = [
  "", "", "a", "a", "b", "value", "x", "arg0", "arg1", "_", "__", "$", "$x", "_1", "class", "default", "new",
  "delete", "function", "yield", "await", "constructor", "__proto__", "toString", "valueOf", "hasOwnProperty",
  "then", "target", "interface", "runner", "filters", "connect", "on", "getFunction", "getAddress", "deploy",
  "length", "map", "filter", "overrides", "Indexed", "Result", "BigNumberish", "Struct", "Event", "Contract",
];
const FN_NAMES = TRAP_NAMES.filter((n) => n !== "");

const name = fc.constantFrom(...TRAP_NAMES);
const fnName = fc.constantFrom(...FN_NAMES);
const elementary = fc.constantFrom(
  "uint256", "uint8", "uint", "int", "int128", "address", "bool", "string", "bytes", "bytes1", "bytes32", "function",
);
// Fixed lengths on both sides of TypeChain's tuple limit (5).
const dims = fc.array(fc.constantFrom("[]", "[2]", "[1]", "[5]", "[6]"), { maxLength: 2 }).map((d) => d.join(""));
const structName = fc.constantFrom("S", "Info", "Point", "Lib.S", "Other.S", "Contract.Info");

type RawParam = { name: string; type: string; internalType?: string; components?: RawParam[]; indexed?: boolean };

const param: fc.Memo<RawParam> = fc.memo((depth) =>
  depth <= 1
    ? fc.record({ name, base: elementary, d: dims }).map(({ name, base, d }) => ({ name, type: base + d }))
    : fc.oneof(
        { weight: 3, arbitrary: param(1) },
        {
          weight: 1,
          arbitrary: fc
            .record({ name, d: dims, comps: fc.array(param(depth - 1), { minLength: 1, maxLength: 3 }), struct: fc.option(structName) })
            .map(({ name, d, comps, struct }) => ({
              name,
              type: `tuple${d}`,
              components: comps,
              ...(struct !== null ? { internalType: `struct ${struct}${d}` } : {}),
            })),
        },
      ),
);

const params = (max: number): fc.Arbitrary<RawParam[]> => fc.array(param(3), { maxLength: max });
const mutability = fc.constantFrom("pure", "view", "nonpayable", "payable");

const fnItem = fc.record({ name: fnName, inputs: params(3), outputs: params(3), stateMutability: mutability }).map((f) => ({ type: "function", ...f }));
const eventItem = fc
  .record({ name: fnName, inputs: params(4), anonymous: fc.boolean(), idx: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) })
  .map(({ name, inputs, anonymous, idx }) => {
    let indexedLeft = anonymous ? 4 : 3;
    return {
      type: "event",
      name,
      anonymous,
      inputs: inputs.map((p, i) => ({ ...p, indexed: idx[i] === true && indexedLeft-- > 0 })),
    };
  });
const errorItem = fc.record({ name: fnName, inputs: params(3) }).map((e) => ({ type: "error", ...e }));
const ctorItem = fc.record({ inputs: params(3), payable: fc.boolean() }).map(({ inputs, payable }) => ({
  type: "constructor",
  inputs,
  stateMutability: payable ? "payable" : "nonpayable",
}));

/** A valid ABI: duplicate signatures of the same kind are dropped, as a compiler would never emit them. */
export const arbitraryAbi = fc
  .record({
    fns: fc.array(fnItem, { maxLength: 6 }),
    events: fc.array(eventItem, { maxLength: 4 }),
    errors: fc.array(errorItem, { maxLength: 3 }),
    ctor: fc.option(ctorItem),
  })
  .map(({ fns, events, errors, ctor }) => {
    const seen = new Set<string>();
    const keep = (item: { type: string; name: string; inputs: RawParam[] }): boolean => {
      const key = `${item.type} ${signatureOf(item.name, item.inputs as AbiParam[])}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    return [...(ctor !== null ? [ctor] : []), ...fns.filter(keep), ...events.filter(keep), ...errors.filter(keep)];
  });
