// Types of report.mjs, for the TypeScript tests in test/bench/.
export const BEGIN: string;
export const END: string;
export function replaceBetweenMarkers(readme: string, section: string): string;
export function markdown(results: any): string;
export function terminal(results: any): string;
export function fmt(x: unknown, digits: number): string;
