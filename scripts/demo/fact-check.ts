import { wmdDisproven } from './claims.js';
import { DemoFailure, type NewsroomClient } from './client.js';
import { isolate } from './terminal.js';

/** What the demo's fact-check steps need from the main walk-through. */
export interface FactCheckStepsInput {
  api: NewsroomClient;
  /** Tokens of an editor and a fact-checker. */
  editor: string;
  factChecker: string;
  /** The seed article and its WMD claim. */
  articleId: string;
  wmdClaimId: string;
  key(name: string): string;
  say(line?: string): void;
  step(who: string, what: string, outcome: string): void;
}

const SECOND_ARTICLE = {
  title: 'The case for war, in one sentence',
  body: 'Officials in Washington repeated that the aim was to eliminate weapons of mass destruction held by Iraq. The invasion began on 20 March 2003.',
  language: 'en',
};
const SECOND_QUOTE = 'eliminate weapons of mass destruction held by Iraq';

/**
 * The WMD justification, checked once: a fact-check the seed article's claim and a second,
 * shorter English article's claim both follow; its final verdict reaches both (API.md v2,
 * "Fact-checks across articles").
 */
export async function runFactCheckSteps({ api, editor, factChecker, articleId, wmdClaimId, key, say, step }: FactCheckStepsInput): Promise<void> {
  say();
  say('One claim, checked once, followed everywhere (POST /fact-checks)');
  say();
  const created = await api.post('/fact-checks', {
    token: factChecker,
    body: { statement: 'Iraq held weapons of mass destruction in March 2003', language: 'en', claimant: 'George W. Bush administration', claimedAt: '2003-03-17' },
    idempotencyKey: key('fact-check'),
    expect: [201],
  });
  const factCheckId = created.body.id;
  step('omar', 'creates the fact-check on the WMD justification', `201, fact-check ${factCheckId}`);

  const second = await api.post('/articles', { token: editor, body: SECOND_ARTICLE, idempotencyKey: key('second-article'), expect: [201] });
  const secondClaim = await api.post('/articles/{id}/claims', {
    path: { id: second.body.id },
    token: factChecker,
    body: { quote: SECOND_QUOTE },
    idempotencyKey: key('second-claim'),
    expect: [201],
  });
  step('layla', `drafts a second, shorter article in English: ${SECOND_ARTICLE.title}`, `its claim “${SECOND_QUOTE}”`);

  for (const [article, claimId, name] of [
    [articleId, wmdClaimId, 'link-seed'],
    [second.body.id, secondClaim.body.claimId, 'link-second'],
  ] as const) {
    await api.post('/articles/{id}/claims/{claimId}/fact-check', { path: { id: article, claimId }, token: factChecker, body: { factCheckId }, idempotencyKey: key(name), expect: [200] });
  }
  step('omar', 'links both claims to the fact-check', '200 each: they follow it from now on');

  const verdict = await api.post('/fact-checks/{id}/verdicts', {
    path: { id: factCheckId },
    token: factChecker,
    body: wmdDisproven,
    idempotencyKey: key('fact-check-verdict'),
    expect: [201],
  });
  if (verdict.body.appearances !== 2) throw new DemoFailure(`The fact-check's verdict reached ${verdict.body.appearances} claims, expected 2`);
  step('omar', 'records the final verdict on the fact-check: false', `201 once both claims recorded it (appearances ${verdict.body.appearances})`);

  for (const claimId of [wmdClaimId, secondClaim.body.claimId]) {
    const claim = (await api.get('/claims/{claimId}', { path: { claimId }, token: editor })).body;
    const followed = claim.verdicts.filter((entry) => entry.factCheckId === factCheckId);
    if (claim.factCheckId !== factCheckId || claim.verdict !== 'false' || followed.length !== 1) {
      throw new DemoFailure(`Claim ${claimId} did not record the fact-check's verdict once: ${JSON.stringify(claim)}`);
    }
  }
  const impact = await api.get('/fact-checks/{id}/impact', { path: { id: factCheckId }, token: editor });
  say();
  say(`Where it appears (GET /fact-checks/${factCheckId}/impact), those needing a correction first`);
  for (const item of impact.body.items) {
    say(`  ${item.status.padEnd(9)} correction needed: ${item.correctionNeeded ? 'yes' : 'no '}  translations: ${item.translations.join(', ') || '-'}  ${isolate(item.articleTitle)}`);
  }
  const found = await api.get('/fact-checks', { query: { q: 'أسلحة دمار شامل' }, token: editor });
  if (!found.body.items.some((item) => item.id === factCheckId)) throw new DemoFailure('GET /fact-checks?q= does not find the fact-check by the Arabic quote of a linked claim');
  say(`  found by its Arabic quote too: GET /fact-checks?q=${isolate('أسلحة دمار شامل')}`);
}
