/**
 * Writes to stdout and resolves once the data is handed to the OS. The CLI
 * ends with process.exit(), which drops anything still queued: through a pipe,
 * a large --json output was cut at 64 KiB.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}
