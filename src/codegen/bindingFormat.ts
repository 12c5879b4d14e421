// Shared by the generator (which writes it into every factory) and the runtime (which refuses
// what it cannot serve); its own module so codegen never loads the runtime or ethers.

/** The binding format generated factories are written for and abibind/runtime serves. */
export const BINDING_FORMAT = 1;
