// The REPL's parts, for cli/repl.ts: the session (one growing program), input completeness, the loader of
// typed input and `:load`ed files, and the history file.
export { Session, type Outcome, type RuntimeFailure, type SessionOptions } from './session.js';
export { isComplete, scanOpenness, type Openness } from './input.js';
export { History, historyPath, HISTORY_LIMIT } from './history.js';
export { Sources } from './load.js';
