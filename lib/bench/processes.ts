/**
 * Everything the bench started besides the services (workers, Spark jobs),
 * so that a failure or an interrupt still stops them: they run in process
 * groups of their own, which stopping the services does not reach.
 */
const stoppers = new Set<() => void>();

/** Registers a stop function; returns a function that stops and unregisters it. */
export function track(stop: () => void): () => void {
  stoppers.add(stop);
  return () => {
    stoppers.delete(stop);
    stop();
  };
}

export function stopTracked(): void {
  for (const stop of stoppers) stop();
  stoppers.clear();
}
