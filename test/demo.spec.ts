import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoClaims, wmdDisproven, WMD_CLAIM_KEY } from '../scripts/demo/claims.js';
import { findProjectRoot, parseSeedArticle, readSeedArticle, SEED_FIXTURE } from '../scripts/demo/seed-article.js';
import { displayWidth, isolate, renderTable, truncateToWidth } from '../scripts/demo/terminal.js';
import { englishTranslation } from '../scripts/demo/translation.en.js';

const stripIsolates = (text: string) => text.replace(/[\u2067\u2069]/gu, '');

describe('the demo article', () => {
  const seed = readSeedArticle();

  it('is read from the fixture: headline, byline and outlet split off the report', () => {
    expect(seed.title).toBe('مهمة القوات الأمريكية في العراق.. من القتال إلى التدريب');
    expect(seed.byline).toBe('محمد الصالح');
    expect(seed.source).toBe('لكل السوريين');
    expect(seed.body.startsWith('أكد الرئيس الأمريكي')).toBe(true);
    expect(seed.body.endsWith('سيطرة جديدة للتنظيم.')).toBe(true);
    expect(seed.body).not.toContain('تقرير/');
  });

  it('finds the project root from its own file, wherever the working directory is', () => {
    const fixture = readFileSync(join(findProjectRoot(), SEED_FIXTURE), 'utf8');
    expect(parseSeedArticle(fixture)).toEqual(seed);
  });

  it('anchors every claim on a quote that occurs exactly once in the body, in NFC', () => {
    expect(demoClaims.length).toBeGreaterThanOrEqual(6);
    for (const claim of demoClaims) {
      expect(claim.quote).toBe(claim.quote.normalize('NFC'));
      expect({ key: claim.key, occurrences: seed.body.split(claim.quote).length - 1 }).toEqual({ key: claim.key, occurrences: 1 });
    }
  });

  it('turns the WMD justification from mostly_true into false, so it becomes later disproven', () => {
    const wmd = demoClaims.find((claim) => claim.key === WMD_CLAIM_KEY);
    expect(wmd?.verdict.verdict).toBe('mostly_true');
    expect(wmdDisproven.verdict).toBe('false');
  });

  it('cites http(s) sources and stays inside the contract limits', () => {
    for (const verdict of [...demoClaims.map((claim) => claim.verdict), wmdDisproven]) {
      expect(verdict.rationale.length).toBeLessThanOrEqual(5000);
      expect(verdict.sources.length).toBeGreaterThan(0);
      for (const source of verdict.sources) expect(new URL(source.url).protocol).toBe('https:');
    }
  });

  it('has an English translation with one paragraph per paragraph of the report', () => {
    expect(englishTranslation.body.split('\n\n')).toHaveLength(seed.body.split('\n\n').length);
    expect(englishTranslation.body).not.toMatch(/[\p{Script=Arabic}]/u);
  });
});

describe('the terminal table', () => {
  it('measures display width: tashkeel takes no cell, emoji take two', () => {
    expect(displayWidth('القُوَّات')).toBe(6);
    expect(displayWidth('👩🏽‍💻 ok')).toBe(5);
    expect(displayWidth('\u2067عراق\u2069')).toBe(4);
  });

  it('truncates by whole characters, keeping a letter with its marks and an emoji whole', () => {
    expect(truncateToWidth('القُوَّات الأمريكية', 5)).toBe('القُوَّ…');
    expect(truncateToWidth('a👩🏽‍💻b', 3)).toBe('a…');
    expect(truncateToWidth('short', 10)).toBe('short');
  });

  it('isolates right-to-left cells and aligns every column by display width', () => {
    expect(isolate('بغداد')).toBe('\u2067بغداد\u2069');
    expect(isolate('Baghdad')).toBe('Baghdad');
    const lines = renderTable(
      [
        { header: 'Quote', width: 12 },
        { header: 'Verdict', width: 7 },
      ],
      [
        ['مقتل قاسم سليماني، القائد السابق', 'true'],
        ['القُوَّات', 'false'],
        ['plain', 'mixed'],
      ],
    );
    const verdictColumn = lines.filter((_, index) => index !== 1).map((line) => displayWidth(stripIsolates(line).split(/(true|false|mixed|Verdict)/u)[0]));
    expect(new Set(verdictColumn)).toEqual(new Set([2 + 12 + 2]));
    expect(lines[2]).toContain('\u2067مقتل قاسم س…\u2069');
  });
});
