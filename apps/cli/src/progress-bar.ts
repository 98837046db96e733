import { Presets, SingleBar } from 'cli-progress';

/** What commands report progress through; a no-op when stderr is not a terminal (logs, CI, pipes). */
export interface Progress {
  start(total: number, payload?: Record<string, unknown>): void;
  increment(by: number, payload?: Record<string, unknown>): void;
  update(value: number, payload?: Record<string, unknown>): void;
  setTotal(total: number): void;
  stop(): void;
}

const SILENT: Progress = {
  start: () => undefined,
  increment: () => undefined,
  update: () => undefined,
  setTotal: () => undefined,
  stop: () => undefined,
};

/** A progress bar on stderr, so stdout keeps only the command's result. `format` may use cli-progress tokens and payload keys. */
export function progressBar(format: string): Progress {
  if (!process.stderr.isTTY) return SILENT;
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, etaBuffer: 200, fps: 10 }, Presets.shades_classic);
  let running = false;
  return {
    start: (total, payload) => {
      running = true;
      bar.start(total, 0, payload);
    },
    increment: (by, payload) => bar.increment(by, payload),
    update: (value, payload) => bar.update(value, payload),
    setTotal: (total) => bar.setTotal(total),
    // Safe to call twice (and on failure paths): it gives the terminal its cursor back.
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}
