/**
 * The demo's life after publication: the Iraq Survey Group verdict made the WMD claim false, so an
 * editor corrects the article in the open. Everything goes through the HTTP API, as a careful
 * client sends it (If-Match, Idempotency-Key), and the demo fails loudly on any other answer.
 */
import { DemoFailure, type NewsroomClient } from './client.js';
import { isolate } from './terminal.js';
import { englishTranslation } from './translation.en.js';

/** The seed's WMD sentence keeps its claim's quote, so the claim stays anchored (and disproven) in the corrected text. */
export const WMD_SENTENCE = {
  before: 'والقضاء على أسلحة دمار شامل اتضح بعد الغزو أنه لا وجود لها',
  after: 'والقضاء على أسلحة دمار شامل قالت إنه يملكها، وخلصت مجموعة مسح العراق عام 2004 إلى أنه لم يكن يملك أيًّا منها',
  englishBefore: 'and to eliminate weapons of mass destruction which, it became clear after the invasion, did not exist',
  englishAfter: 'and to eliminate weapons of mass destruction it said he held; the Iraq Survey Group concluded in 2004 that Iraq held none',
};

export const CORRECTION_REASON = 'حكم مجموعة مسح العراق: الادعاء عن أسلحة الدمار الشامل خاطئ';
export const CORRECTION_NOTE =
  'تصحيح: عُدّلت الجملة عن أسلحة الدمار الشامل لتذكر أن مجموعة مسح العراق خلصت عام 2004 إلى أن العراق لم يكن يملك أيًّا منها.';

export interface CorrectionStep {
  api: NewsroomClient;
  /** Signs a token for one of the demo's people. */
  token: (name: 'layla' | 'sam' | 'nadia') => string;
  /** An Idempotency-Key unique to this run. */
  key: (name: string) => string;
  step: (who: string, what: string, outcome: string) => void;
  say: (line?: string) => void;
  articleId: string;
  version: number;
  body: string;
  wmdClaimId: string;
}

/** Opens a correction, revises the WMD sentence, has the English translation redone and approved, publishes the correction; answers the new version. */
export async function correctTheArticle({ api, token, key, step, say, articleId, version: startVersion, body, wmdClaimId }: CorrectionStep): Promise<{ version: number }> {
  const articlePath = `/articles/${articleId}`;
  let version = startVersion;
  if (!body.includes(WMD_SENTENCE.before)) throw new DemoFailure('The seed article no longer holds the WMD sentence the correction revises');
  if (!englishTranslation.body.includes(WMD_SENTENCE.englishBefore)) throw new DemoFailure('The English translation no longer holds the WMD sentence the correction revises');
  say();
  say('Life after publication: the correction');
  say();

  const opened = await api.post('/articles/{id}/corrections', {
    path: { id: articleId },
    token: token('layla'),
    body: { reason: CORRECTION_REASON },
    ifMatch: version,
    idempotencyKey: key('correction-open'),
    expect: [201],
  });
  version = opened.body.version;
  const { correctionId } = opened.body;
  step('layla', 'opens a correction (editor)', `201, correction ${correctionId}, the article is correcting, version ${version}`);

  const revised = await api.put('/articles/{id}/draft', {
    path: { id: articleId },
    token: token('layla'),
    body: { body: body.replace(WMD_SENTENCE.before, WMD_SENTENCE.after) },
    ifMatch: version,
    idempotencyKey: key('correction-revise'),
  });
  version = revised.body.version;
  step('layla', 'revises the WMD sentence in the working copy', `readers still get the published text; the English translation is outdated, version ${version}`);

  const redone = await api.post('/articles/{id}/translations', {
    path: { id: articleId },
    token: token('sam'),
    body: { ...englishTranslation, body: englishTranslation.body.replace(WMD_SENTENCE.englishBefore, WMD_SENTENCE.englishAfter) },
    ifMatch: version,
    idempotencyKey: key('correction-translation-en'),
    expect: [201],
  });
  version = redone.body.version;
  step('sam', 'redoes the English translation', `201, version ${version}`);

  const approved = await api.post('/articles/{id}/translations/{translationId}/approve', {
    path: { id: articleId, translationId: redone.body.translationId },
    token: token('nadia'),
    body: {},
    ifMatch: version,
    idempotencyKey: key('correction-approve-en'),
  });
  version = approved.body.version;
  step('nadia', 'approves it: another editor, four eyes', `version ${version}`);

  const corrected = await api.post('/articles/{id}/corrections/{correctionId}/publish', {
    path: { id: articleId, correctionId },
    token: token('layla'),
    body: { note: CORRECTION_NOTE },
    ifMatch: version,
    idempotencyKey: key('correction-publish'),
  });
  version = corrected.body.version;
  step('layla', 'publishes the correction with a note to readers', `corrected at ${corrected.body.correctedAt}, version ${version}`);

  const now = (await api.get('/articles/{id}', { path: { id: articleId }, token: token('layla') })).body;
  const correction = now.corrections.find((candidate) => candidate.id === correctionId);
  if (!correction || correction.version !== version) throw new DemoFailure(`GET ${articlePath}: correction ${correctionId} is not published at version ${version}`);
  if (now.status !== 'published' || now.correctionNeeded) throw new DemoFailure(`GET ${articlePath}: ${now.status}, correction needed ${now.correctionNeeded}; expected published, no correction needed`);
  if (!now.published?.body.includes(WMD_SENTENCE.after)) throw new DemoFailure(`GET ${articlePath}: readers do not get the corrected sentence`);

  // The instant before the correction was opened: what readers had then, and what we knew.
  const asOf = new Date(Date.parse(correction.openedAt) - 1).toISOString();
  const then = (await api.get('/articles/{id}', { path: { id: articleId }, query: { asOf }, token: token('layla') })).body;
  if (!then.published?.body.includes(WMD_SENTENCE.before)) throw new DemoFailure(`GET ${articlePath}?asOf=${asOf}: the text published then is not the original`);
  const wmdThen = then.claims.find((claim) => claim.id === wmdClaimId);

  say();
  say(`Correction ${correctionId} (GET ${articlePath}: corrections)`);
  say(`  reason     ${isolate(correction.reason)}`);
  say(`  note       ${isolate(correction.note ?? '')}`);
  say(`  opened     ${correction.openedAt} by ${correction.openedBy}; published ${correction.publishedAt} by ${correction.publishedBy}, version ${correction.version}`);
  say(`  now        ${now.status}, correction needed: ${now.correctionNeeded ? 'yes' : 'no'}, readers get version ${now.published.version}:`);
  say(`             ${isolate(WMD_SENTENCE.after)}`);
  say();
  say(`What the article said before the correction (GET ${articlePath}?asOf=${asOf}):`);
  say(`  status     ${then.status}, version ${then.version}, correction needed: ${then.correctionNeeded ? 'yes' : 'no'}, readers got version ${then.published.version}:`);
  say(`             ${isolate(WMD_SENTENCE.before)}`);
  say(`  WMD claim  ${wmdThen?.verdicts.map((verdict) => verdict.verdict).join(' → ') ?? 'absent'}`);
  return { version };
}
