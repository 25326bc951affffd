import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidCursorError } from '#read-models';
import { ApiProblem } from '../http/problem.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { READ_MODELS } from '../infrastructure/tokens.js';
import type { HistoryPage } from '#read-models';
import type { ArticleDetailDto, ArticlePageDto, HistoryQueryDto, ListArticlesQueryDto } from './article-views.dto.js';
import { isUuid } from '../http/id.js';

const articleNotFound = () => new ApiProblem(404, 'article_not_found', 'No such article');

export function withCursor<Result>(read: () => Result): Result {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ApiProblem(400, 'invalid_cursor', error.message, { errors: [{ field: 'cursor', message: error.message }] });
    }
    throw error;
  }
}

export class ListArticlesQuery extends Query<ArticlePageDto> {
  constructor(readonly filter: ListArticlesQueryDto) {
    super();
  }
}

@QueryHandler(ListArticlesQuery)
export class ListArticlesHandler implements IQueryHandler<ListArticlesQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ filter }: ListArticlesQuery): Promise<ArticlePageDto> {
    return withCursor(() =>
      this.readModels.queries.listArticles({ status: filter.status, correctionNeeded: filter.correctionNeeded, limit: filter.limit, cursor: filter.cursor }),
    );
  }
}

export class GetArticleQuery extends Query<ArticleDetailDto> {
  constructor(
    readonly articleId: string,
    /** The article as it stood then, from its recorded events; undefined for the read model's current one. */
    readonly asOf?: Date,
  ) {
    super();
  }
}

@QueryHandler(GetArticleQuery)
export class GetArticleHandler implements IQueryHandler<GetArticleQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ articleId, asOf }: GetArticleQuery): Promise<ArticleDetailDto> {
    if (!isUuid(articleId)) throw articleNotFound();
    if (asOf) {
      const then = await this.readModels.articleAsOf(articleId, asOf);
      if (!then) throw new ApiProblem(404, 'article_not_found', 'No such article at that instant');
      return then;
    }
    const article = this.readModels.queries.getArticle(articleId);
    if (!article) throw articleNotFound();
    return article;
  }
}

export class GetHistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly articleId: string,
    readonly page: HistoryQueryDto = {},
  ) {
    super();
  }
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery> {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  async execute({ articleId, page }: GetHistoryQuery): Promise<HistoryPage> {
    const history = isUuid(articleId) ? await this.readModels.history(articleId, page) : null;
    if (!history) throw articleNotFound();
    return history;
  }
}

export const ARTICLE_QUERY_HANDLERS = [ListArticlesHandler, GetArticleHandler, GetHistoryHandler];
