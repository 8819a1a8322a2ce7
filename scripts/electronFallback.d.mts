export function electronAsset(version: string, platform?: string, arch?: string, env?: Record<string, string | undefined>): { file: string; url: string };
export function explainFetchError(err: unknown): string;
export function probeDownload(url: string, timeoutMs?: number): Promise<string | null>;
export function fallbackMessage(asset: { file: string; url: string }, why: string): string;
