/**
 * `npm start` runs the server under npm (`exec` replaces npm's shell with it). When npm is killed
 * outright (SIGKILL, a closed terminal), no signal reaches the server: it would live on as an
 * orphan, holding the port and the embedded DATA_DIR. Under npm (which sets npm_lifecycle_event)
 * the server therefore watches its parent and calls `onParentGone` (a clean shutdown) once it is
 * gone. Started directly (a supervisor, a container, nohup) it keeps running: there, outliving the
 * parent is intended.
 */
export function exitWithParent(onParentGone: () => void, env: NodeJS.ProcessEnv = process.env, intervalMillis = 500): void {
  if (!env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.stderr.write(`parent process ${parent} is gone; shutting down\n`);
    onParentGone();
  }, intervalMillis);
  timer.unref();
}
