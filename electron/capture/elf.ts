/**
 * Just enough of ELF64 (little-endian) to find where a shared object or executable defines a few
 * function symbols: the section headers, then `.dynsym` (exported names, survives `strip`) and
 * `.symtab` (present unless stripped). Read before the target is stopped, so the debugger needs no
 * symbols of its own (gdb spends 0.4–1.3 s reading them while the target waits).
 * Reference: the System V ABI, "Object Files" (Elf64_Ehdr, Elf64_Shdr, Elf64_Sym, Elf64_Phdr).
 */
import { open } from 'node:fs/promises';

export interface ElfSymbols {
  /** st_value of each wanted name that the file defines (0 = undefined entries are skipped). */
  symbols: Map<string, bigint>;
  /** p_vaddr - p_offset of the first PT_LOAD: the load bias is mapStart - mapOffset - this. */
  firstLoadVaddr: bigint;
  firstLoadOffset: bigint;
  machine: number;
}

export class ElfError extends Error {
  override readonly name = 'ElfError';
}

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const PT_LOAD = 1;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

/** Reads the symbols named in `wanted` from the ELF file at `path`. */
export async function readElfSymbols(path: string, wanted: ReadonlySet<string>): Promise<ElfSymbols> {
  const fh = await open(path, 'r');
  try {
    const read = async (offset: bigint | number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, Number(offset));
      if (bytesRead < length) throw new ElfError(`${path}: truncated ELF file`);
      return buf;
    };
    const eh = await read(0, 64);
    if (eh.readUInt32BE(0) !== 0x7f454c46) throw new ElfError(`${path} is not an ELF file`);
    if (eh[4] !== 2 || eh[5] !== 1) throw new ElfError(`${path}: only 64-bit little-endian ELF is supported`);
    const machine = eh.readUInt16LE(18);
    const phoff = eh.readBigUInt64LE(32);
    const shoff = eh.readBigUInt64LE(40);
    const phentsize = eh.readUInt16LE(54);
    const phnum = eh.readUInt16LE(56);
    const shentsize = eh.readUInt16LE(58);
    const shnum = eh.readUInt16LE(60);

    let firstLoadVaddr = 0n;
    let firstLoadOffset = 0n;
    const ph = await read(phoff, phentsize * phnum);
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      if (ph.readUInt32LE(o) === PT_LOAD) {
        firstLoadOffset = ph.readBigUInt64LE(o + 8);
        firstLoadVaddr = ph.readBigUInt64LE(o + 16);
        break;
      }
    }

    const symbols = new Map<string, bigint>();
    if (shoff === 0n || shnum === 0) return { symbols, firstLoadVaddr, firstLoadOffset, machine };
    const sh = await read(shoff, shentsize * shnum);
    const section = (i: number) => {
      const o = i * shentsize;
      return {
        type: sh.readUInt32LE(o + 4),
        offset: sh.readBigUInt64LE(o + 24),
        size: sh.readBigUInt64LE(o + 32),
        link: sh.readUInt32LE(o + 40),
        entsize: sh.readBigUInt64LE(o + 56),
      };
    };
    // .dynsym first (small), .symtab only for names still missing (it can be megabytes).
    const tables = [SHT_DYNSYM, SHT_SYMTAB];
    for (const type of tables) {
      for (let i = 0; i < shnum && symbols.size < wanted.size; i++) {
        const s = section(i);
        if (s.type !== type || s.entsize !== 24n || s.link >= shnum) continue;
        const strtab = section(s.link);
        const syms = await read(s.offset, Number(s.size));
        const strs = await read(strtab.offset, Number(strtab.size));
        for (let o = 0; o + 24 <= syms.length; o += 24) {
          const value = syms.readBigUInt64LE(o + 8);
          const shndx = syms.readUInt16LE(o + 6);
          if (value === 0n || shndx === 0) continue;
          const nameOff = syms.readUInt32LE(o);
          const end = strs.indexOf(0, nameOff);
          if (end < 0) continue;
          const name = strs.toString('latin1', nameOff, end);
          // Versioned aliases ("mmap@@GLIBC_2.2.5") only appear in .symtab; strip the version.
          const at = name.indexOf('@');
          const plain = at < 0 ? name : name.slice(0, at);
          if (wanted.has(plain) && !symbols.has(plain)) symbols.set(plain, value);
        }
      }
    }
    return { symbols, firstLoadVaddr, firstLoadOffset, machine };
  } finally {
    await fh.close();
  }
}
