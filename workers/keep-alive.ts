// Keeps a daemon alive: runs COMMAND and starts it again whenever it dies, until SIGTERM.
//   node --import tsx workers/keep-alive.ts -- COMMAND [ARGS...]
import { keepAlive } from "@/lib/runtime/keep-alive";

const separator = process.argv.indexOf("--");
const [command, ...args] = separator < 0 ? [] : process.argv.slice(separator + 1);
if (!command) {
  console.error("keep-alive: usage: keep-alive.ts -- COMMAND [ARGS...]");
  process.exit(2);
}
process.exit(await keepAlive(command, args));
