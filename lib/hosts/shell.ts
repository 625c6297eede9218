/**
 * POSIX shell quoting. Every word that reaches a host's shell goes through
 * here, on top of the strict alphabets of the cluster spec: validation keeps
 * odd values out, quoting makes sure a value is one word whatever it holds.
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_/.,:=@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export const shellCommand = (words: string[]): string => words.map(shellQuote).join(" ");

/** `export K=V` lines: inside a script read from stdin, values never show in a process list. */
export function shellExports(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(k)) throw new Error(`not an environment variable name: ${k}`);
      return `export ${k}=${shellQuote(v)}`;
    })
    .join("\n");
}
