import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as staticFiles, type NextFunction, type Request, type Response } from 'express';

/** Paths the API owns: everything else that a browser GETs is the console's (SPEC §8). */
const API_PATHS = /^\/(v1|health|docs|docs-json|docs-yaml|metrics)(\/|$|\?|-)/;

/**
 * Where the built console is: `dist/console` beside the compiled API (`npm run build`), or under
 * the working directory when the API runs from its sources (tests).
 */
export function consoleDirectory(): string | undefined {
  const candidates = [resolve(__dirname, '../../../../console'), resolve(process.cwd(), 'dist/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Serves the browser console at `/`: its hashed assets (cached for a year, they never change
 * under one name) and `index.html` for any other page path, so a reload or a shared link of
 * `/partners/P-001` opens that page. API paths are never answered here.
 */
export function serveConsole(app: NestExpressApplication, directory: string | undefined): void {
  if (!directory) {
    app.use((request: Request, response: Response, next: NextFunction) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PATHS.test(request.path)) return next();
      if (request.path !== '/') return next();
      // Shaped like every other error answer of the server.
      response.status(404).json({
        statusCode: 404,
        error: 'Not Found',
        message: 'The console is not built: run `npm run build` (or `npm start`, which builds it)',
      });
    });
    return;
  }
  app.useStaticAssets(join(directory, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', fallthrough: false });
  // No redirect: a path naming a directory (`/v1/x/..%2F..`) is never answered with a 301 here.
  const files = staticFiles(directory, { index: false, maxAge: 0, redirect: false });
  const index = join(directory, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PATHS.test(request.path)) return next();
    files(request, response, () => {
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(index);
    });
  });
}
