// abibind/runtime: what generated bindings call at run time (kept here, not in generated files,
// so fixes reach users without regenerating).
export { loadFastRead, fastRead, fastReadStats, type FastKind } from "./contract/fastRead.ts";
export { contractLogs, type EventLogFn, type EventLogQuery } from "./events/contractLogs.ts";
