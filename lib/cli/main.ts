import { progress } from "@/lib/cli/output";
import { downCommand, statusCommand, upCommand } from "@/lib/cli/commands/stack";
import { migrationNewCommand } from "@/lib/cli/commands/migration-new";
import { serviceCommand } from "@/lib/cli/commands/service";
import { workerCommand } from "@/lib/cli/commands/worker";
import { generateCommand } from "@/lib/cli/commands/generate";
import { statsCommand } from "@/lib/cli/commands/stats";
import { testCommand, testRunCommand } from "@/lib/cli/commands/test";
import { benchCommand, benchRunCommand } from "@/lib/cli/commands/bench";
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
`;

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
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`cosmo: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  // Exit only once stdout is drained: through a pipe, queued output would be cut.
  (code) => process.stdout.write("", () => process.exit(code)),
  (error: unknown) => {
    const message = error instanceof CosmoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`cosmo: ${message}\n`);
    process.exit(1);
  },
);
