import { route } from "@/lib/api/route";
import { CosmoError } from "@/lib/errors";

// Unknown API paths answer in the API's error shape rather than with an HTML page.
const notFound = route(async () => {
  throw new CosmoError("NOT_FOUND", "No such API endpoint");
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
