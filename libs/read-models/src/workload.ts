import { articleStreamId, foldArticle, isLaterDisproven, readinessOf, VERDICTS, type ArticleEvent, type Verdict } from '#editorial';
import type { EventToAppend } from '#event-store';

export interface GeneratedArticle {
  articleId: string;
  streamId: string;
  events: EventToAppend[];
}

export interface WorkloadOptions {
  /** Claims identified per article. */
  claimsPerArticle?: number;
  /** First instant; each event is one millisecond after the previous one of the same article. */
  start?: Date;
}

/** An article event before decide would stamp it: each type with its own data. */
type Unstamped = ArticleEvent extends infer Event ? (Event extends ArticleEvent ? Omit<Event, 'metadata'> : never) : never;

const TITLE = 'مهمة القوات الأمريكية في العراق.. من القتال إلى التدريب';
const BODY =
  'أكد الرئيس الأمريكي أن الولايات المتحدة ستنهي مهمتها القتالية في العراق مع حلول نهاية العام الجاري، ' +
  'مع استمرار عدد من قواتها لتتولى مهام تدريب الجيش العراقي. ' +
  'ولن يكون هناك أي وجود لقوات قتالية أمريكية في العراق بحلول 31 كانون الأول المقبل.';
const QUOTES = ['ستنهي مهمتها القتالية', 'تدريب الجيش العراقي', 'بحلول 31 كانون الأول', 'الولايات المتحدة', 'نهاية العام الجاري'];

/** A deterministic UUID-shaped id, so two generations of the same workload are identical. */
export function workloadId(kind: number, index: number, sub = 0): string {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
  return `${hex(kind, 8)}-${hex(sub, 4)}-4${hex(index % 0x1000, 3)}-8${hex(Math.floor(index / 0x1000) % 0x1000, 3)}-${hex(index, 12)}`;
}

/**
 * Events of one article in a varied but valid life: Arabic draft, claims, verdicts (some
 * later disproven), a revision that withdraws a claim, translations approved or rejected,
 * publication, and a verdict after publication that calls for a correction. Events are
 * produced directly, without the domain's decide, so benchmarks can generate many fast.
 */
export function generateArticle(index: number, options: WorkloadOptions = {}): GeneratedArticle {
  const claimsPerArticle = options.claimsPerArticle ?? 5;
  const articleId = workloadId(1, index);
  const editor = workloadId(9, index % 7, 1);
  const checker = workloadId(9, index % 5, 2);
  const translator = workloadId(9, index % 3, 3);
  let clock = (options.start ?? new Date(Date.UTC(2026, 0, 1))).getTime() + index * 1000;
  const events: EventToAppend[] = [];
  const push = (event: Unstamped, userId: string) => {
    events.push({
      id: workloadId(2, index, events.length),
      type: event.type,
      data: event.data,
      metadata: { userId, at: new Date(clock++).toISOString() },
    });
  };
  const title = `${TITLE} ${index}`;
  push(
    {
      type: 'ArticleDrafted',
      data: { articleId, title, body: BODY, language: 'ar', byline: 'محمد الصالح', source: null, targetLanguages: index % 2 ? ['en'] : [] },
    },
    editor,
  );

  const claimIds = Array.from({ length: claimsPerArticle }, (_, n) => workloadId(3, index, n));
  const verdictsByClaim = new Map<string, Verdict[]>();
  claimIds.forEach((claimId, n) => {
    const quote = QUOTES[n % QUOTES.length];
    const start = [...BODY.slice(0, BODY.indexOf(quote))].length;
    push(
      {
        type: 'ClaimIdentified',
        data: { articleId, claimId, quote, occurrence: 1, start, end: start + [...quote].length, claimant: 'بايدن', claimedAt: '2021-07-26' },
      },
      checker,
    );
  });
  const recordVerdict = (claimId: string, verdict: Verdict, published: boolean) => {
    const earlier = verdictsByClaim.get(claimId) ?? [];
    const verdicts = [...earlier, verdict];
    const laterDisproven = isLaterDisproven(verdicts);
    verdictsByClaim.set(claimId, verdicts);
    push(
      {
        type: 'VerdictRecorded',
        data: {
          articleId,
          claimId,
          verdict,
          rationale: `تم التحقق من الادعاء رقم ${index}`,
          sources: [{ url: `https://example.org/source/${index}`, title: 'مصدر' }],
          laterDisproven,
          correctionNeeded: published && laterDisproven,
        },
      },
      checker,
    );
  };
  // Every fourth article keeps its last claim unchecked, so some stay drafts.
  const checked = index % 4 === 0 ? claimIds.slice(0, -1) : claimIds;
  checked.forEach((claimId, n) => recordVerdict(claimId, VERDICTS[(index + n) % VERDICTS.length], false));

  if (index % 5 === 0 && claimsPerArticle > 1) {
    push(
      {
        type: 'DraftRevised',
        data: {
          articleId,
          title: `${title} (محدّث)`,
          body: BODY,
          reanchoredClaims: [],
          withdrawnClaimIds: [claimIds[claimIds.length - 1]],
          outdatedTranslationIds: [],
        },
      },
      editor,
    );
  }
  if (index % 2) {
    const rejected = workloadId(4, index, 0);
    const approved = workloadId(4, index, 1);
    push({ type: 'TranslationSubmitted', data: { articleId, translationId: rejected, language: 'en', title: 'US mission', body: 'Draft.' } }, translator);
    push({ type: 'TranslationRejected', data: { articleId, translationId: rejected, reason: 'ترجمة غير دقيقة' } }, editor);
    push({ type: 'TranslationSubmitted', data: { articleId, translationId: approved, language: 'en', title: 'US mission', body: 'Final.' } }, translator);
    if (index % 3) push({ type: 'TranslationApproved', data: { articleId, translationId: approved } }, editor);
  }
  // Published when the domain's readinessOf says it may be (two in three of those).
  const state = foldArticle(events as unknown as ArticleEvent[]);
  if (state && readinessOf(state).status === 'ready' && index % 3 !== 2) {
    push({ type: 'ArticlePublished', data: { articleId } }, editor);
    if (index % 7 === 0) recordVerdict(claimIds[0], 'false', true);
  }
  return { articleId, streamId: articleStreamId(articleId), events };
}
