import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';

function fatal(message: string, error?: unknown): never {
  const detail = error instanceof Error ? { error: { name: error.name, message: error.message, stack: error.stack } } : {};
  process.stderr.write(`${JSON.stringify({ level: 'fatal', timestamp: Date.now(), message, ...detail })}\n`);
  process.exit(1);
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fatal(`Invalid configuration: ${error.message}`);
  throw error;
}

try {
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port);
  const address = app.getHttpServer().address() as { port: number } | null;
  new Logger('Main').log('Newsroom API listening', { port: address?.port ?? config.port, dataDir: config.dataDir, eventStore: config.eventStore.kind });
} catch (error) {
  fatal('The service could not start', error);
}
