import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${JSON.stringify({ level: 'fatal', message: `Invalid configuration: ${error.message}` })}\n`);
  process.exit(1);
}

const app = await createApp(config);
app.enableShutdownHooks();
await app.listen(config.port);
const address = app.getHttpServer().address() as { port: number } | null;
new Logger('Main').log('Newsroom API listening', { port: address?.port ?? config.port, dataDir: config.dataDir, eventStore: config.eventStore.kind });
