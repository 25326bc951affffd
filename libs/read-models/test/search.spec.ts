import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { factCheckStreamId } from '#editorial';
import {
  FactCheckQueries,
  generateArticle,
  openReadModelDatabase,
  ReadModelQueries,
  ReadModelWriter,
  readModelsPath,
  rebuildReadModels,
  type ReadModelDatabase,
} from '../src/index.js';
import { appendGenerated, storePerTest } from './read-model-fixture.js';

const tables = (db: ReadModelDatabase) =>
  db.prepare<[], { name: string; type: string }>(`SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all();

describe('full-text search over matching forms (FTS5)', () => {
  const each = storePerTest('search');

  it('finds quotes and statements typed with other diacritics, letter forms and tatweel; a rebuild keeps search working and leaves no FTS5 table behind', async () => {
    const { temp, store } = each;
    await appendGenerated(store, Array.from({ length: 30 }, (_, index) => generateArticle(index)));
    const factCheckId = randomUUID();
    await store.appendToStream(
      factCheckStreamId(factCheckId),
      [
        {
          id: randomUUID(),
          type: 'FactCheckCreated',
          data: { factCheckId, statement: 'أنهت الولايات المتحدة مهمتها القتالية', language: 'ar', claimant: null, claimedAt: null },
          metadata: { userId: 'farah', at: '2026-03-01T10:00:00.000Z' },
        },
      ],
      'no_stream',
    );
    const db = openReadModelDatabase(readModelsPath(temp.dir));
    const writer = new ReadModelWriter(db);
    writer.applyInTransaction((await store.readAll()).events);
    const claims = new ReadModelQueries(db);
    const factChecks = new FactCheckQueries(db);
    const search = () => ({
      // Typed with tashkeel, tatweel and a hamza on the alef the stored text lacks.
      claims: claims.listClaims({ q: 'ستُنهي مهـمتها القِتالية', limit: 100 }).items.length,
      statements: factChecks.listFactChecks({ q: 'انهت الولايات' }).items.map((item) => item.id),
      none: claims.listClaims({ q: 'لا أثر لهذا' }).items.length,
      page: claims.listClaims({ q: 'الولايات المتحدة', limit: 7 }),
    });
    const before = search();
    expect(before).toMatchObject({ claims: 30, statements: [factCheckId], none: 0 });
    expect(before.page.items).toHaveLength(7);
    expect(claims.listClaims({ q: 'الولايات المتحدة', limit: 7, cursor: before.page.nextCursor! }).items[0].id).not.toBe(before.page.items[0].id);
    const all = claims.listClaims({ q: 'ستُنهي مهـمتها القِتالية', limit: 100 }).items;
    const verdict = all[0].verdict;
    const filtered = claims.listClaims({ q: 'ستُنهي مهـمتها القِتالية', verdict, limit: 100 }).items;
    expect(filtered.map((item) => item.id).sort()).toEqual(all.filter((item) => item.verdict === verdict).map((item) => item.id).sort());
    expect(JSON.parse(claims.listClaimsJson({ q: 'ستُنهي مهـمتها القِتالية', limit: 100 })).items).toHaveLength(30);
    const shape = tables(db);

    await rebuildReadModels(store, db);
    await rebuildReadModels(store, db);

    expect(search()).toEqual(before);
    expect(tables(db)).toEqual(shape);
    expect(shape.filter((table) => table.name.includes('_next'))).toEqual([]);
    expect(shape.filter((table) => table.type === 'virtual').map((table) => table.name)).toEqual(['claims_search', 'fact_checks_search']);
    db.close();
  });
});
