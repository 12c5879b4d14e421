// abibind/runtime: what generated bindings call at run time (kept here, not in generated files,
// so fixes reach users without regenerating).
import "./requireNode.ts";
export {
  bindContract,
  BINDING_FORMAT,
  BindingFormatError,
  type Binding,
  type BindingData,
  type DecodedCustomError,
  type FastReadSpec,
} from "./contract/bindContract.ts";
// Bindings generated before binding format 1 import these two by name: keep them as they were.
export { loadFastRead, fastRead, fastReadStats, type FastKind } from "./contract/fastRead.ts";
export { contractLogs, type EventLogFn, type EventLogQuery } from "./events/contractLogs.ts";
