import { progress, statusTable } from "@/lib/cli/output";
import { CosmoError } from "@/lib/errors";
import { prefixed } from "@/lib/runtime/stack";
import { getServiceOrThrow } from "@/lib/runtime/services";
import { createWebService } from "@/lib/runtime/services/web";

export async function serviceCommand([name, action]: string[]): Promise<number> {
  if (!name || !action) throw new CosmoError("BAD_REQUEST", "usage: cosmo service NAME start|stop|status");
  const service = name === "web" ? createWebService() : getServiceOrThrow(name);
  const p = prefixed(progress, service.name);
  switch (action) {
    case "start":
      await service.install(p);
      await service.start(p);
      break;
    case "stop":
      await service.stop(p);
      break;
    case "status":
      break;
    default:
      throw new CosmoError("BAD_REQUEST", `unknown action "${action}": use start, stop or status`);
  }
  process.stdout.write(`${statusTable([await service.status()])}\n`);
  return 0;
}
