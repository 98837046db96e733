import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@ledger/config';
import { AppModule } from './app.module';
import { jsonBody } from './http/json-body';

/** Builds the HTTP app (used by main.ts and by the end-to-end tests). */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  // abortOnError false: a storage that cannot be opened reaches main() as one clear line, not Nest's abort.
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.use(jsonBody(config.maxBodyBytes));
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Partner ledger')
    .setDescription('Event-sourced attribution and commission ledger for partner programs')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
