/** Vite's `?raw` imports (a file's text, inlined at build time), as the CLI embeds the dumper. */
declare module '*?raw' {
  const text: string;
  export default text;
}
