// The environment heapscope's own processes run with: on Linux, glibc is told to back large
// allocations with transparent huge pages (GLIBC_TUNABLES glibc.malloc.hugetlb=1, glibc >= 2.35;
// ignored elsewhere). Loading a dump writes hundreds of MB of fresh typed arrays; with 4 KiB pages
// every first write to a page faults, which on virtual machines costs ~15 µs a page (over a second
// for a 2M-object dump), with 2 MiB pages a 512th of that. A setting the user made is kept.

/** `env` plus the huge-page tunable, or `env` itself where it does not apply. */
export function withHugePages(env = process.env) {
  if (process.platform !== 'linux') return env;
  const current = env.GLIBC_TUNABLES ?? '';
  if (current.includes('glibc.malloc.hugetlb=')) return env;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:glibc.malloc.hugetlb=1` : 'glibc.malloc.hugetlb=1' };
}

/** True when this process already runs with the tunable (or it does not apply here). */
export function hasHugePages(env = process.env) {
  return withHugePages(env) === env;
}
