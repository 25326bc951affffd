import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { ArticleEvent, ClaimIdentified, TranslationSubmitted } from '#editorial';
import type {
  ArticleCreatedDto,
  ArticlePublishedDto,
  ClaimIdentifiedDto,
  DraftArticleDto,
  IdentifyClaimDto,
  RecordVerdictDto,
  ReviseDraftDto,
  SubmitTranslationDto,
  TranslationSubmittedDto,
  VersionDto,
} from './article-commands.dto.js';
import { ArticleWriter, articleIdForIdempotencyKey, type CommandContext } from './article-writer.service.js';

function eventOf<Type extends ArticleEvent['type']>(events: ArticleEvent[], type: Type): Extract<ArticleEvent, { type: Type }> {
  const event = events.find((candidate) => candidate.type === type);
  if (!event) throw new Error(`decide returned no ${type}`);
  return event as Extract<ArticleEvent, { type: Type }>;
}

export class DraftArticleCommand extends Command<ArticleCreatedDto> {
  constructor(readonly input: DraftArticleDto, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(DraftArticleCommand)
export class DraftArticleHandler implements ICommandHandler<DraftArticleCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ input, context }: DraftArticleCommand): Promise<ArticleCreatedDto> {
    // Keyed by the Idempotency-Key, a retry after a crash finds the article it already drafted.
    const articleId = context.idempotency ? articleIdForIdempotencyKey(context.idempotency.key) : randomUUID();
    const { version } = await this.writer.execute({ type: 'DraftArticle', data: { ...input, articleId }, userId: context.user.userId }, context);
    return { id: articleId, version };
  }
}

export class ReviseDraftCommand extends Command<VersionDto> {
  constructor(readonly articleId: string, readonly input: ReviseDraftDto, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(ReviseDraftCommand)
export class ReviseDraftHandler implements ICommandHandler<ReviseDraftCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, input, context }: ReviseDraftCommand): Promise<VersionDto> {
    const { version } = await this.writer.execute({ type: 'ReviseDraft', data: { ...input, articleId }, userId: context.user.userId }, context);
    return { version };
  }
}

export class IdentifyClaimCommand extends Command<ClaimIdentifiedDto> {
  constructor(readonly articleId: string, readonly input: IdentifyClaimDto, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(IdentifyClaimCommand)
export class IdentifyClaimHandler implements ICommandHandler<IdentifyClaimCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, input, context }: IdentifyClaimCommand): Promise<ClaimIdentifiedDto> {
    const { version, events } = await this.writer.execute({ type: 'IdentifyClaim', data: { ...input, articleId }, userId: context.user.userId }, context);
    const { claimId, start, end }: ClaimIdentified['data'] = eventOf(events, 'ClaimIdentified').data;
    return { claimId, start, end, version };
  }
}

export class RecordVerdictCommand extends Command<VersionDto> {
  constructor(readonly articleId: string, readonly claimId: string, readonly input: RecordVerdictDto, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(RecordVerdictCommand)
export class RecordVerdictHandler implements ICommandHandler<RecordVerdictCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, claimId, input, context }: RecordVerdictCommand): Promise<VersionDto> {
    const { version } = await this.writer.execute(
      { type: 'RecordVerdict', data: { ...input, articleId, claimId }, userId: context.user.userId }, context);
    return { version };
  }
}

export class SubmitTranslationCommand extends Command<TranslationSubmittedDto> {
  constructor(readonly articleId: string, readonly input: SubmitTranslationDto, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(SubmitTranslationCommand)
export class SubmitTranslationHandler implements ICommandHandler<SubmitTranslationCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, input, context }: SubmitTranslationCommand): Promise<TranslationSubmittedDto> {
    const { version, events } = await this.writer.execute(
      { type: 'SubmitTranslation', data: { ...input, articleId }, userId: context.user.userId }, context);
    const { translationId }: TranslationSubmitted['data'] = eventOf(events, 'TranslationSubmitted').data;
    return { translationId, version };
  }
}

export class ApproveTranslationCommand extends Command<VersionDto> {
  constructor(readonly articleId: string, readonly translationId: string, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(ApproveTranslationCommand)
export class ApproveTranslationHandler implements ICommandHandler<ApproveTranslationCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, translationId, context }: ApproveTranslationCommand): Promise<VersionDto> {
    const { version } = await this.writer.execute(
      { type: 'ApproveTranslation', data: { articleId, translationId }, userId: context.user.userId }, context);
    return { version };
  }
}

export class RejectTranslationCommand extends Command<VersionDto> {
  constructor(readonly articleId: string, readonly translationId: string, readonly reason: string, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(RejectTranslationCommand)
export class RejectTranslationHandler implements ICommandHandler<RejectTranslationCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, translationId, reason, context }: RejectTranslationCommand): Promise<VersionDto> {
    const { version } = await this.writer.execute(
      { type: 'RejectTranslation', data: { articleId, translationId, reason }, userId: context.user.userId }, context);
    return { version };
  }
}

export class PublishArticleCommand extends Command<ArticlePublishedDto> {
  constructor(readonly articleId: string, readonly context: CommandContext) {
    super();
  }
}

@CommandHandler(PublishArticleCommand)
export class PublishArticleHandler implements ICommandHandler<PublishArticleCommand> {
  constructor(private readonly writer: ArticleWriter) {}

  async execute({ articleId, context }: PublishArticleCommand): Promise<ArticlePublishedDto> {
    const { version, events } = await this.writer.execute({ type: 'PublishArticle', data: { articleId }, userId: context.user.userId }, context);
    return { version, publishedAt: eventOf(events, 'ArticlePublished').metadata.at };
  }
}

export const ARTICLE_COMMAND_HANDLERS = [
  DraftArticleHandler,
  ReviseDraftHandler,
  IdentifyClaimHandler,
  RecordVerdictHandler,
  SubmitTranslationHandler,
  ApproveTranslationHandler,
  RejectTranslationHandler,
  PublishArticleHandler,
];
