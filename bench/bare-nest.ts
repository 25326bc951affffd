// The baseline of the HTTP bench: a bare Nest 12 application (Express, Nest's own body parser)
// with one endpoint that takes a JSON body and answers 201 with a small JSON body. Run as its own
// process beside the service, on a free port it prints as {"port":…}.
import 'reflect-metadata';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BareController {
  @Post('echo')
  echo(@Body() body: Record<string, unknown>): { id: string; fields: number } {
    return { id: 'bare', fields: Object.keys(body ?? {}).length };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
