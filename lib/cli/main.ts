import { progress } from "@/lib/cli/output";
import { downCommand, statusCommand, upCommand } from "@/lib/cli/commands/stack";
import { migrationNewCommand } from "@/lib/cli/commands/migration-new";
import { serviceCommand } from "@/lib/cli/commands/service";
import { workerCommand } from "@/lib/cli/commands/worker";
import { generateCommand } from "@/lib/cli/commands/generate";
import { statsCommand } from "@/lib/cli/commands/stats";
import { testCommand, testRunCommand } from "@/lib/cli/commands/test";
import { benchCommand, benchRunCommand } from "@/lib/cli/commands/bench";
import { clustersCommand, runsCommand } from "@/lib/cli/commands/listings";
import { routineCommand } from "@/lib/cli/commands/routine";
import { tailCommand } from "@/lib/cli/commands/tail";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { CosmoError } from "@/lib/errors";
import { migrate } from "@/lib/runtime/migrate";
import { installAll } from "@/lib/runtime/stack";

const usage = `usage: cosmo <command>

  up [--dev]                 install what is missing, start every service and the web app
  down                       stop everything (no process is left behind)
  status [--json]            state, pid, port, version and log of every service
  install                    install every service (jars, virtualenv) without starting
  migrate                    apply prisma/migrations to the database
  migration-new NAME         write the SQL migration for prisma/schema.prisma's changes since HEAD
  service NAME start|stop|status
  worker start NAME buffer|consumer [OPTIONS] | stop NAME | status NAME   background workers as daemons
  stats FILE... [--json]     reference statistics of .txt/.dat data files, per window (--help for settings)
  generate --out DIR|--bucket NAME --records N|--seconds S   synthetic detector data (--help for options)
  test [FILE...]             lint, typecheck, then every test against real services
  bench [sse]                throughput and latency figures of the data plane, on services of its own;
                             sse: only the live view's (SSE viewers per server process, browser draw time)

Through the REST API of COSMO_URL (default this machine's) with the API token COSMO_TOKEN:
  init|run|beat|halt|dismiss --cluster NAME [--wait] [--json]   a routine (--help for its options)
  clusters [--json]          the cluster configurations and their state
  runs [--cluster NAME] [--status S] [--json]                    runs, newest first
  tail RUN [--json]          a run's windows as they arrive, one line each
  exit codes: 0 done, 1 failed, 2 bad usage, 3 server unreachable, 4 unauthorised
`;

const routineNames = ["init", "run", "beat", "halt", "dismiss"];

/** The REST commands: a flag or value the code refuses is bad usage (2), whatever raised it. */
async function remote(command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof CosmoError && error.code === "BAD_REQUEST") throw new CliExit(exitCodes.usage, error.message);
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flag = (name: string) => rest.includes(`--${name}`);
  switch (command) {
    case "up":
      await upCommand(progress, { dev: flag("dev") });
      return 0;
    case "down":
      await downCommand(progress);
      return 0;
    case "status":
      return statusCommand({ json: flag("json") });
    case "install":
      await installAll(progress, { withTestServices: flag("test") });
      return 0;
    case "migrate":
      await migrate(progress);
      return 0;
    case "migration-new":
      return migrationNewCommand(rest);
    case "service":
      return serviceCommand(rest);
    case "worker":
      return workerCommand(rest);
    case "stats":
      return statsCommand(rest);
    case "generate":
      return generateCommand(rest);
    case "test":
      return testCommand(rest);
    case "test:run":
      return testRunCommand(rest);
    case "bench":
      return benchCommand(rest);
    case "bench:run":
      return benchRunCommand(rest);
    case "clusters":
      return remote(() => clustersCommand(rest));
    case "runs":
      return remote(() => runsCommand(rest));
    case "tail":
      return remote(() => tailCommand(rest));
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(usage);
      return 0;
    default:
      if (routineNames.includes(command)) return remote(() => routineCommand(command, rest));
      process.stderr.write(`cosmo: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  // Exit only once stdout is drained: through a pipe, queued output would be cut.
  (code) => process.stdout.write("", () => process.exit(code)),
  (error: unknown) => {
    if (error instanceof CliExit) {
      process.stderr.write(`cosmo: ${error.message}\n`);
      process.exit(error.code);
    }
    const message = error instanceof CosmoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`cosmo: ${message}\n`);
    process.exit(1);
  },
);
