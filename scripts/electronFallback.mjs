// What `npm start` says when the Electron binary cannot be had: which file it tried to download
// from where, and why that failed in words (no network to the host, refused, timed out…), read from
// the error's cause rather than the bare "fetch failed" @electron/get reports.

/** The release asset @electron/get downloads for this platform, and where from (ELECTRON_MIRROR honoured). */
export function electronAsset(version, platform = process.platform, arch = process.arch, env = process.env) {
  const file = `electron-v${version}-${platform}-${arch}.zip`;
  const base = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/electron/electron/releases/download/';
  return { file, url: `${base.replace(/\/?$/, '/')}v${version}/${file}` };
}

const causes = {
  ENOTFOUND: 'the host name does not resolve: no network or no DNS here',
  EAI_AGAIN: 'the host name does not resolve: no network or no DNS here',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  CERT_HAS_EXPIRED: 'the TLS certificate was refused',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the TLS certificate was refused (a proxy?)',
};

/** Plain words for a failed fetch: its cause's code mapped, or its message. */
export function explainFetchError(err) {
  const cause = err?.cause ?? err;
  const code = cause?.code ?? cause?.errno;
  const host = cause?.hostname ? ` (${cause.hostname})` : '';
  if (typeof code === 'string' && causes[code]) return `${causes[code]}${host}, ${code}`;
  if (typeof err?.status === 'number') return `the server answered HTTP ${err.status}`;
  return String(cause?.message ?? err?.message ?? err);
}

/** Tries the download's first request itself (HEAD, 15 s), to say why the installer failed. */
export async function probeDownload(url, timeoutMs = 15_000) {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? null : explainFetchError({ status: res.status });
  } catch (err) {
    if (err?.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    return explainFetchError(err);
  }
}

/** The one sentence, then how to use the browser app and how to stop. */
export function fallbackMessage({ file, url }, why) {
  return [
    `heapscope: the Electron app could not start: downloading ${file} from ${new URL(url).host} failed (${why}), so the same app is served in your browser instead.`,
    'Open your own dump with the page\'s Open… button (a path or an upload), or name it: npm start -- path/to/heap.jsonl.gz. Stop with Ctrl+C.',
  ].join('\n');
}
