// The compiler: lowering of the checked AST to the IR, the IR printer, and JavaScript code generation.
// Other folders import only this file.
export type { IrProgram, IrFunction, Stmt, Rhs, Atom, PrimOp, SiteInfo, CondBlock, NumKind } from './ir.js';
export { maySuspend, stmtMaySuspend, assignedVars } from './ir.js';
export { lower } from './lower.js';
export { printIr, printFunction } from './print.js';
export { generate, type GeneratedModule, type CodegenOptions } from './codegen.js';
export { compileProgram, usesTensors, type Compiled } from './compile.js';
