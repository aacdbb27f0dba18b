// The registry of loop proof rules, by annotation name.
import type { LoopRule } from './rule.js';
import { invariantRule, kInductionRule } from './induction.js';
import { unrollRule } from './unroll.js';
import { omegaRule } from './omega.js';
import { astRule } from './ast.js';
import { pastRule } from './past.js';
import { ostRule } from './ost.js';

export const RULES: ReadonlyMap<string, LoopRule> = new Map(
  [invariantRule, kInductionRule, unrollRule, omegaRule, astRule, pastRule, ostRule].map((r) => [r.name, r]),
);
export type { LoopRule, RuleContext } from './rule.js';
