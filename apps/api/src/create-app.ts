import type { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { API_KEY_REGISTRY, failedAuthenticationLimiter, type ApiKeyRegistry } from '@ledger/platform/auth';
import type { AppConfig } from '@ledger/platform/config';
import { AppModule } from './app.module';
import { jsonBody } from '@ledger/platform/http';
import { pathEncoding } from '@ledger/platform/http';
import { StrictInputInterceptor } from '@ledger/platform/http';
import { IDEMPOTENCY_KEY_HEADER } from '@ledger/platform/http';
import { httpMetrics, LedgerMetrics } from '@ledger/platform/metrics';
import { consoleDirectory, serveConsole } from './console/serve-console';

export interface CreateAppOptions {
  /** The built console to serve at `/` (default: `dist/console`, see consoleDirectory). */
  consoleDir?: string;
}

/** Builds the HTTP app (used by main.ts and by the end-to-end tests). */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  // abortOnError false: a storage that cannot be opened reaches main() as one clear line, not Nest's abort.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First, so the latency includes everything below (authentication, body parsing).
  app.use(httpMetrics(app.get(LedgerMetrics)));
  applyHardening(app, config);
  app.use(jsonBody(config.maxBodyBytes));
  app.use(pathEncoding());
  app.useGlobalInterceptors(new StrictInputInterceptor(app.get(Reflector)));
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Partner ledger')
    .setDescription('Event-sourced attribution and commission ledger for partner programs')
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key from API_KEYS (key:role, at least 16 characters), or the generated admin key',
      description: 'Authorization: Bearer <key>; roles admin, ingest, finance, analyst, partner:<partnerId> (SPEC §5)',
    })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  serveConsole(app, options.consoleDir ?? consoleDirectory());
  return app;
}

/**
 * SPEC §5 "Hardening", before anything reads the body: security headers (helmet), no caching of
 * API answers, CORS for the configured origins only, and 429 for an address that keeps failing
 * authentication.
 */
function applyHardening(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  if (config.trustProxyHops > 0) app.set('trust proxy', config.trustProxyHops);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The API is often reached over plain HTTP (localhost, behind a TLS proxy): upgrading
          // the page's own requests to https would stop /docs (and the console) from loading.
          upgradeInsecureRequests: null,
          // The console (and /docs) load only their own files: no CDN, no inline script. Inline
          // style attributes stay allowed (the chart library positions its tooltips with them).
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  const noStore = (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  };
  app.use('/v1', noStore);
  app.use('/health', noStore);
  // No CORS_ORIGINS, no CORS middleware: browsers on other origins get no CORS headers at all.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', IDEMPOTENCY_KEY_HEADER],
      exposedHeaders: ['Retry-After', 'Content-Disposition', 'Idempotent-Replayed'],
      maxAge: 600,
    });
  }
  app.use(
    failedAuthenticationLimiter(app.get<ApiKeyRegistry>(API_KEY_REGISTRY), {
      limit: config.authFailureLimit,
      windowMs: config.authFailureWindowSeconds * 1000,
    }),
  );
}
