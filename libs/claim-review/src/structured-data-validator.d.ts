// The validator ships JavaScript only; this is the part its README documents.
declare module '@adobe/structured-data-validator' {
  export default class Validator {
    constructor(schemaOrgJson: unknown);
    validate(data: { jsonld: Record<string, unknown[]>; microdata: Record<string, unknown[]>; rdfa: Record<string, unknown[]> }): Promise<unknown[]>;
  }
}
