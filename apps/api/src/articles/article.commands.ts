import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ArticleCommand, ArticleEvent } from '#editorial';
import { ArticleWriter, type CommandContext, type Written } from './article-writer.service.js';

/** Every article command travels the bus as the domain's own command: the domain decides, the writer persists. */
export class ExecuteArticleCommand extends Command<Written> {
  constructor(readonly command: ArticleCommand, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(ExecuteArticleCommand)
export class ExecuteArticleCommandHandler implements ICommandHandler<ExecuteArticleCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  execute({ command, context }: ExecuteArticleCommand): Promise<Written> {
    return this.writer.execute(command, context);
  }
}

export function eventOf<Type extends ArticleEvent['type']>(events: ArticleEvent[], type: Type): Extract<ArticleEvent, { type: Type }> {
  const event = events.find((candidate) => candidate.type === type);
  if (!event) throw new Error(`decide returned no ${type}`);
  return event as Extract<ArticleEvent, { type: Type }>;
}

export const ARTICLE_COMMAND_HANDLERS = [ExecuteArticleCommandHandler];
