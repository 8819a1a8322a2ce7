import type { FuseV1Config } from '@electron/fuses';
export const heapscopeFuses: FuseV1Config;
export function applyFuses(binary: string): Promise<{ fuse: string; expected: string; actual: string }[]>;
export function checkFuses(binary: string): Promise<{ fuse: string; expected: string; actual: string }[]>;
