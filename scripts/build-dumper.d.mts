export const dumperPath: string;
export const partsDir: string;
export function joinedParts(): string;
