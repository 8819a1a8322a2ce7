export function withHugePages(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function hasHugePages(env?: NodeJS.ProcessEnv): boolean;
