// The compiler: lowering of the checked AST to the IR, the IR printer, and JavaScript code generation.
// Other folders import only this file.
export type { IrProgram, IrFunction, Stmt, Rhs, Atom, PrimOp, SiteInfo, CondBlock, NumKind } from './ir.js';
export { generate, type GeneratedModule, type CodegenOptions } from './codegen.js';
