import type { Claim, ClaimReview, CorrectionComment, CreativeWork, Organization, Person, Rating, WithContext } from 'schema-dts';

export const VERDICTS = ['true', 'mostly_true', 'mixed', 'misleading', 'false', 'unverifiable'] as const;
export type ReviewVerdict = (typeof VERDICTS)[number];

export interface ReviewSource {
  url: string;
  title?: string | null;
}

/** One recorded verdict, as the read models keep it. */
export interface ReviewedVerdict {
  verdict: ReviewVerdict;
  rationale: string;
  sources: ReviewSource[];
  by: string;
  /** ISO-8601 instant the verdict was recorded. */
  at: string;
}

/** An article claim with its verdicts, oldest first. */
export interface ArticleClaimInput {
  id: string;
  articleId: string;
  quote: string;
  /** BCP 47 tag of the text the quote is in (the article's language). */
  language: string;
  claimant?: string | null;
  /** ISO-8601 date or instant the claim was made. */
  claimedAt?: string | null;
  verdicts: ReviewedVerdict[];
}

/** A fact-check with its verdicts (oldest first) and the article claims that follow it. */
export interface FactCheckInput {
  id: string;
  statement: string;
  language: string;
  claimant?: string | null;
  claimedAt?: string | null;
  verdicts: ReviewedVerdict[];
  appearances: { articleId: string }[];
}

export interface ClaimReviewSettings {
  /** PUBLIC_ARTICLE_URL: a URL template where `{id}` stands for the article id. */
  articleUrl: string;
  /** PUBLIC_FACT_CHECK_URL: a URL template where `{id}` stands for the fact-check id. */
  factCheckUrl: string;
  /** PUBLISHER_NAME */
  publisherName: string;
  /** PUBLISHER_URL */
  publisherUrl: string;
}

export type ClaimReviewDocument = WithContext<ClaimReview>;

/** The contract's rating table: a number from worst 1 to best 5, none for unverifiable. */
export const RATING_VALUES: Readonly<Record<ReviewVerdict, number | undefined>> = {
  true: 5,
  mostly_true: 4,
  mixed: 3,
  misleading: 2,
  false: 1,
  unverifiable: undefined,
};

export const RATING_NAMES: Readonly<Record<'en' | 'ar', Readonly<Record<ReviewVerdict, string>>>> = {
  en: { true: 'True', mostly_true: 'Mostly true', mixed: 'Mixed', misleading: 'Misleading', false: 'False', unverifiable: 'Unverifiable' },
  ar: { true: 'صحيح', mostly_true: 'صحيح في معظمه', mixed: 'مزيج', misleading: 'مضلل', false: 'خاطئ', unverifiable: 'لا يمكن التحقق' },
};

/** Ratings are named in Arabic for an Arabic review (any `ar` tag: ar, ar-EG…), in English otherwise. */
export const ratingLanguageOf = (language: string): 'en' | 'ar' => (/^ar(-|$)/i.test(language) ? 'ar' : 'en');

/** A URL template filled with an id (`{id}` may appear more than once). */
export const urlFor = (template: string, id: string): string => template.replaceAll('{id}', encodeURIComponent(id));

/** The ClaimReview of an article claim; null while it has no verdict (nothing to review yet). */
export function claimReviewOfClaim(claim: ArticleClaimInput, settings: ClaimReviewSettings): ClaimReviewDocument | null {
  return review({
    url: `${urlFor(settings.articleUrl, claim.articleId)}#claim-${encodeURIComponent(claim.id)}`,
    text: claim.quote,
    language: claim.language,
    claimant: claim.claimant,
    claimedAt: claim.claimedAt,
    verdicts: claim.verdicts,
    appearances: [urlFor(settings.articleUrl, claim.articleId)],
    settings,
  });
}

/** The ClaimReview of a fact-check, with every linked article as an appearance; null while it has no verdict. */
export function claimReviewOfFactCheck(factCheck: FactCheckInput, settings: ClaimReviewSettings): ClaimReviewDocument | null {
  const articleIds = [...new Set(factCheck.appearances.map((appearance) => appearance.articleId))];
  return review({
    url: urlFor(settings.factCheckUrl, factCheck.id),
    text: factCheck.statement,
    language: factCheck.language,
    claimant: factCheck.claimant,
    claimedAt: factCheck.claimedAt,
    verdicts: factCheck.verdicts,
    appearances: articleIds.map((articleId) => urlFor(settings.articleUrl, articleId)),
    settings,
  });
}

/** The reviews of an article's claims that have a verdict, in the order given (the lead passes active claims only). */
export function claimReviewsOfArticle(claims: ArticleClaimInput[], settings: ClaimReviewSettings): ClaimReviewDocument[] {
  return claims.map((claim) => claimReviewOfClaim(claim, settings)).filter((doc): doc is ClaimReviewDocument => doc !== null);
}

interface ReviewParts {
  url: string;
  text: string;
  language: string;
  claimant: string | null | undefined;
  claimedAt: string | null | undefined;
  verdicts: ReviewedVerdict[];
  appearances: string[];
  settings: ClaimReviewSettings;
}

function review(parts: ReviewParts): ClaimReviewDocument | null {
  const { verdicts, language, settings } = parts;
  const first = verdicts.at(0);
  const latest = verdicts.at(-1);
  if (!first || !latest) return null;
  const names = RATING_NAMES[ratingLanguageOf(language)];
  const publisher: Organization = { '@type': 'Organization', name: settings.publisherName, url: settings.publisherUrl };
  const claimant: Person | undefined = parts.claimant ? { '@type': 'Person', name: parts.claimant } : undefined;
  const itemReviewed: Claim = {
    '@type': 'Claim',
    text: parts.text,
    ...(claimant && { author: claimant }),
    ...(parts.claimedAt && { datePublished: parts.claimedAt }),
    appearance: parts.appearances.map((url): CreativeWork => ({ '@type': 'CreativeWork', url })),
  };
  const corrections = verdicts.slice(0, -1).map((earlier, index) => correctionOf(earlier, verdicts[index + 1], language));
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: parts.url,
    claimReviewed: parts.text,
    inLanguage: language,
    author: publisher,
    datePublished: first.at,
    dateModified: latest.at,
    itemReviewed,
    reviewRating: ratingOf(latest, names),
    ...(latest.sources.length > 0 && { citation: latest.sources.map(citationOf) }),
    ...(corrections.length > 0 && { correction: corrections }),
  };
}

function ratingOf(verdict: ReviewedVerdict, names: Readonly<Record<ReviewVerdict, string>>): Rating {
  const value = RATING_VALUES[verdict.verdict];
  return {
    '@type': 'Rating',
    ...(value !== undefined && { ratingValue: value }),
    worstRating: 1,
    bestRating: 5,
    alternateName: names[verdict.verdict],
    ratingExplanation: verdict.rationale,
  };
}

const citationOf = (source: ReviewSource): CreativeWork => ({ '@type': 'CreativeWork', url: source.url, ...(source.title && { name: source.title }) });

/** What an earlier verdict said, dated when the verdict that replaced it was recorded. */
function correctionOf(earlier: ReviewedVerdict, replacement: ReviewedVerdict, language: string): CorrectionComment {
  const lang = ratingLanguageOf(language);
  const name = RATING_NAMES[lang][earlier.verdict];
  const value = RATING_VALUES[earlier.verdict];
  const score = value === undefined ? '' : ` ${value}/5`;
  const recorded = earlier.at.slice(0, 10);
  const text =
    lang === 'ar'
      ? `كان التقييم السابق «${name}» (${earlier.verdict}${score})، سُجّل في ${recorded}، ثم حلّ محلّه «${RATING_NAMES.ar[replacement.verdict]}»: ${earlier.rationale}`
      : `Earlier rating: ${name} (${earlier.verdict}${score}), recorded ${recorded}, replaced by ${RATING_NAMES.en[replacement.verdict]}: ${earlier.rationale}`;
  return {
    '@type': 'CorrectionComment',
    name,
    text,
    dateCreated: earlier.at,
    datePublished: replacement.at,
  };
}
