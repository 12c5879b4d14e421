// Solidity's external function type for ethers v6. ethers has no coder for `function` and drops
// every fragment that uses one, but its ABI encoding is exactly that of bytes24 (address, then
// selector, left-aligned). So the Interface a binding uses is built from the ABI with `function`
// spelled `bytes24`, and each affected fragment is wrapped so that it still formats, and so hashes
// (selector, topic), as its real signature `hook(function)`; its real signature keys, which
// ethers' own parser rejects, are resolved by that selector or topic.
import { Fragment, Interface, type InterfaceAbi, type JsonFragment, type ParamType, type Typed } from "ethers";

type JsonParam = { readonly type?: unknown; readonly components?: unknown };
type JsonItem = Record<string, unknown> & { readonly inputs?: unknown; readonly outputs?: unknown };

const FUNCTION_TYPE = /^function((?:\[[0-9]*\])*)$/;

function paramHasFunction(p: unknown): boolean {
  if (typeof p !== "object" || p === null) return false;
  const { type, components } = p as JsonParam;
  return (typeof type === "string" && FUNCTION_TYPE.test(type)) || (Array.isArray(components) && components.some(paramHasFunction));
}

function itemHasFunction(item: unknown): boolean {
  if (typeof item !== "object" || item === null) return false;
  const { inputs, outputs } = item as JsonItem;
  return (Array.isArray(inputs) && inputs.some(paramHasFunction)) || (Array.isArray(outputs) && outputs.some(paramHasFunction));
}

function asBytes24(p: unknown): unknown {
  if (!paramHasFunction(p)) return p;
  const param = p as JsonParam & Record<string, unknown>;
  const out: Record<string, unknown> = { ...param };
  if (typeof param.type === "string") out.type = param.type.replace(/^function/, "bytes24");
  if (Array.isArray(param.components)) out.components = param.components.map(asBytes24);
  return out;
}

/**
 * A view of `real` (built from the bytes24 spelling) that formats as the original `function`
 * type. Coding reads type, baseType, arrayChildren and components, so it still codes bytes24.
 */
function asFunctionType(real: ParamType, original: unknown): ParamType {
  if (!paramHasFunction(original)) return real;
  const orig = original as JsonParam;
  const props: PropertyDescriptorMap = {
    // ParamType's walkers use private fields, which a view lacks: the real tree has the same shape.
    walk: { value: real.walk.bind(real) },
    walkAsync: { value: real.walkAsync.bind(real) },
  };
  if (real.isArray()) {
    const inner = { ...orig, type: String(orig.type).replace(/\[[0-9]*\]$/, "") };
    props.arrayChildren = { value: asFunctionType(real.arrayChildren, inner) };
  } else if (real.isTuple()) {
    const comps = orig.components as readonly unknown[];
    props.components = { value: Object.freeze(real.components.map((c, i) => asFunctionType(c, comps[i]))) };
  } else {
    props.format = {
      value: (format?: string): string => {
        if (format === "json") return JSON.stringify({ ...JSON.parse(real.format("json")), type: "function" });
        return `function${real.format(format as Parameters<ParamType["format"]>[0]).slice("bytes24".length)}`;
      },
    };
  }
  return Object.create(real, props) as ParamType;
}

/** True when any item of the ABI has a `function`-typed parameter or output. */
export function hasFunctionType(abi: InterfaceAbi): boolean {
  return typeof abi !== "string" && abi.some(itemHasFunction);
}

/** An Interface whose real signature keys (`hook(function)`) resolve through their selector or topic. */
class FunctionTypeInterface extends Interface {
  #byKey = new Map<string, string>();

  constructor(fragments: readonly (Fragment | JsonFragment | string)[], realKeys: readonly Fragment[]) {
    super(fragments);
    for (const f of realKeys) {
      const hash = f.type === "event" ? (f as unknown as { topicHash: string }).topicHash : (f as unknown as { selector: string }).selector;
      this.#byKey.set(`${f.type} ${f.format("sighash")}`, hash);
    }
  }

  #resolve(kind: string, key: string): string {
    return typeof key === "string" ? (this.#byKey.get(`${kind} ${key.replace(/\s+/g, "")}`) ?? key) : key;
  }

  override getFunction(key: string, values?: Array<unknown | Typed>) {
    return super.getFunction(this.#resolve("function", key), values);
  }
  override getFunctionName(key: string): string {
    return super.getFunctionName(this.#resolve("function", key));
  }
  override hasFunction(key: string): boolean {
    return super.hasFunction(this.#resolve("function", key));
  }
  override getEvent(key: string, values?: Array<unknown | Typed>) {
    return super.getEvent(this.#resolve("event", key), values);
  }
  override getEventName(key: string): string {
    return super.getEventName(this.#resolve("event", key));
  }
  override hasEvent(key: string): boolean {
    return super.hasEvent(this.#resolve("event", key));
  }
  override getError(key: string, values?: Array<unknown | Typed>) {
    return super.getError(this.#resolve("error", key), values);
  }
}

/** The Interface a binding uses: ethers' own, unless the ABI has `function` types (then see above). */
export function bindingInterface(abi: InterfaceAbi): Interface {
  if (!hasFunctionType(abi)) return new Interface(abi);
  const fragments: (Fragment | JsonFragment | string)[] = [];
  const viewed: Fragment[] = [];
  for (const item of abi as readonly (Fragment | JsonFragment | string)[]) {
    if (!itemHasFunction(item) || item instanceof Fragment) {
      fragments.push(item);
      continue;
    }
    const original = item as JsonItem;
    const inputs = Array.isArray(original.inputs) ? original.inputs : [];
    const outputs = Array.isArray(original.outputs) ? original.outputs : [];
    const real = Fragment.from({ ...original, inputs: inputs.map(asBytes24), outputs: outputs.map(asBytes24) });
    const props: PropertyDescriptorMap = { inputs: { value: Object.freeze(real.inputs.map((p, i) => asFunctionType(p, inputs[i]))) } };
    if ("outputs" in real) {
      const realOutputs = (real as unknown as { outputs: readonly ParamType[] }).outputs;
      props.outputs = { value: Object.freeze(realOutputs.map((p, i) => asFunctionType(p, outputs[i]))) };
    }
    // Fragment's format, selector and topicHash read `this.inputs`, so the view hashes as the real signature.
    const view = Object.create(real, props) as Fragment;
    fragments.push(view);
    viewed.push(view);
  }
  return new FunctionTypeInterface(fragments, viewed);
}
