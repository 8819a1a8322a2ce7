export function withHugePages(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function hasHugePages(env?: NodeJS.ProcessEnv): boolean;
export function reexecWithHugePages(script: string, args: string[]): void;
export function stopWithParent(): void;
