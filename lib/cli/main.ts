import { progress } from "@/lib/cli/output";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { CosmoError } from "@/lib/errors";

// Each command's modules load when it runs: the REST commands (cosmo run, tail...)
// start without loading the services, Kafka, Spark and the browser's code.
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
  bench [sse|live|soak [--minutes N]]   throughput and latency figures of the data plane, on services of its own;
                             sse: only the live view's (SSE viewers per server process, browser draw time);
                             live: a localhost run's live page; soak: 100,000 records/s with 200 viewers for N (10) minutes

Through the REST API of COSMO_URL (default this machine's) with the API token COSMO_TOKEN:
  init|run|beat|halt|dismiss --cluster NAME [--wait] [--json]   a routine (--help for its options)
  clusters [--json]          the cluster configurations and their state
  runs [--cluster NAME] [--status S] [--json]                    runs, newest first
  tail RUN [--json]          a run's windows as they arrive, one line each
  reference RUN [--from N] [--to N] [--json]                     mark a run (or its windows N..M) as its cluster's reference
  references --cluster NAME [--json]                             a cluster's reference marks, in force first
  windows RUN [--from N] [--to N]   a run's stored windows as JSON Lines, streamed to stdout
  topics --cluster NAME [--json]     a cluster's Kafka: brokers, topics (partitions, replicas, ISR, offsets), groups with lag
  topic tail --cluster NAME TOPIC [--from-beginning] [--last N] [--max N] [--json]   a topic's messages as they arrive
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
      await (await import("@/lib/cli/commands/stack")).upCommand(progress, { dev: flag("dev") });
      return 0;
    case "down":
      await (await import("@/lib/cli/commands/stack")).downCommand(progress);
      return 0;
    case "status":
      return (await import("@/lib/cli/commands/stack")).statusCommand({ json: flag("json") });
    case "install":
      await (await import("@/lib/runtime/stack")).installAll(progress, { withTestServices: flag("test") });
      return 0;
    case "migrate":
      await (await import("@/lib/runtime/migrate")).migrate(progress);
      return 0;
    case "migration-new":
      return (await import("@/lib/cli/commands/migration-new")).migrationNewCommand(rest);
    case "service":
      return (await import("@/lib/cli/commands/service")).serviceCommand(rest);
    case "worker":
      return (await import("@/lib/cli/commands/worker")).workerCommand(rest);
    case "stats":
      return (await import("@/lib/cli/commands/stats")).statsCommand(rest);
    case "generate":
      return (await import("@/lib/cli/commands/generate")).generateCommand(rest);
    case "test":
      return (await import("@/lib/cli/commands/test")).testCommand(rest);
    case "test:run":
      return (await import("@/lib/cli/commands/test")).testRunCommand(rest);
    case "bench":
      return (await import("@/lib/cli/commands/bench")).benchCommand(rest);
    case "bench:run":
      return (await import("@/lib/cli/commands/bench")).benchRunCommand(rest);
    case "clusters":
      return remote(async () => (await import("@/lib/cli/commands/listings")).clustersCommand(rest));
    case "runs":
      return remote(async () => (await import("@/lib/cli/commands/listings")).runsCommand(rest));
    case "reference":
      return remote(async () => (await import("@/lib/cli/commands/reference")).referenceCommand(rest));
    case "references":
      return remote(async () => (await import("@/lib/cli/commands/reference")).referencesCommand(rest));
    case "tail":
      return remote(async () => (await import("@/lib/cli/commands/tail")).tailCommand(rest));
    case "windows":
      return remote(async () => (await import("@/lib/cli/commands/windows")).windowsCommand(rest));
    case "topics":
      return remote(async () => (await import("@/lib/cli/commands/topics")).topicsCommand(rest));
    case "topic":
      if (rest[0] !== "tail") {
        process.stderr.write(`cosmo: usage: cosmo topic tail --cluster NAME TOPIC ...\n`);
        return 2;
      }
      return remote(async () => (await import("@/lib/cli/commands/topics")).topicTailCommand(rest.slice(1)));
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(usage);
      return 0;
    default:
      if (routineNames.includes(command)) return remote(async () => (await import("@/lib/cli/commands/routine")).routineCommand(command, rest));
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
