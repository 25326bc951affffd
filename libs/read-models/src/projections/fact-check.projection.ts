import { FACT_CHECK_EVENT_TYPES, type FactCheckEvent } from '#editorial';
import { ProjectionError, type ProjectedEvent, type Projection } from '../projection.js';
import type { FactCheckDocument, FactCheckListItem } from '../read-model.types.js';
import { LIST_VERDICTS } from './claim.projection.js';

/** The fact-checks read model: one document per fact-check, with every verdict and appearance. */
export const factCheckProjection: Projection<FactCheckDocument, FactCheckEvent> = {
  name: 'fact_checks',
  version: 1,
  handles: FACT_CHECK_EVENT_TYPES,
  idsOf: (event) => [event.data.factCheckId],
  evolve: evolveFactCheckDocument,
  columns: {
    verdict: { type: 'TEXT', value: (factCheck) => factCheck.verdict },
    later_disproven: { type: 'INTEGER', value: (factCheck) => (factCheck.laterDisproven ? 1 : 0) },
  },
  indexes: [['verdict'], ['later_disproven']],
  summary: factCheckListItemOf,
  search: (factCheck) => factCheck.statement,
};

export function factCheckListItemOf(factCheck: FactCheckDocument): FactCheckListItem {
  return { ...factCheck, verdicts: factCheck.verdicts.slice(-LIST_VERDICTS), verdictCount: factCheck.verdicts.length };
}

export function evolveFactCheckDocument(factCheck: FactCheckDocument | null, event: ProjectedEvent<FactCheckEvent>): FactCheckDocument {
  if (event.type === 'FactCheckCreated') {
    if (factCheck) throw new ProjectionError(`Fact-check ${factCheck.id} created twice`);
    const { data } = event;
    return {
      id: data.factCheckId,
      statement: data.statement,
      language: data.language,
      claimant: data.claimant,
      claimedAt: data.claimedAt,
      verdict: 'pending',
      laterDisproven: false,
      verdicts: [],
      appearances: [],
      createdAt: event.at,
      updatedAt: event.at,
    };
  }
  if (!factCheck) throw new ProjectionError(`${event.type} on an unknown fact-check in ${event.streamId}`);
  switch (event.type) {
    case 'FactCheckVerdictRecorded': {
      const { verdict, rationale, sources, laterDisproven } = event.data;
      return { ...factCheck, verdict, laterDisproven, verdicts: [...factCheck.verdicts, { verdict, rationale, sources, by: event.by, at: event.at }], updatedAt: event.at };
    }
    case 'FactCheckAppearanceLinked': {
      const { articleId, claimId } = event.data;
      return { ...factCheck, appearances: [...factCheck.appearances, { articleId, claimId }], updatedAt: event.at };
    }
  }
}
