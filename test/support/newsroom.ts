import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { users } from './app.js';

export const SEED_TEXT = readFileSync(fileURLToPath(new URL('../fixtures/us-forces-iraq.ar.txt', import.meta.url)), 'utf8');

/** Offsets in Unicode code points of the n-th match of quote in the NFC text, end exclusive. */
export function codePointAnchor(text: string, quote: string, occurrence = 1): { start: number; end: number } {
  const body = text.normalize('NFC');
  const needle = quote.normalize('NFC');
  let index = -1;
  for (let found = 0; found < occurrence; found++) {
    index = body.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`quote not in text: ${quote}`);
  }
  const start = [...body.slice(0, index)].length;
  return { start, end: start + [...needle].length };
}

export const sampleArticle = (overrides: Record<string, unknown> = {}) => ({
  title: 'مهمة القوات الأمريكية في العراق',
  body: 'قال الرئيس إن القوات ستغادر. وأكد البيان أن القواعد عراقية. وقال الرئيس إن القوات ستغادر.',
  language: 'ar',
  ...overrides,
});

/** Thin wrappers over supertest for the contract's endpoints. */
export class Newsroom {
  constructor(private readonly http: Server) {}

  get(path: string, token: string = users.viewer()) {
    return request(this.http).get(path).set('Authorization', token);
  }

  post(path: string, body: object | undefined, token: string, headers: Record<string, string> = {}) {
    const req = request(this.http).post(path).set('Authorization', token).set(headers);
    return body === undefined ? req : req.send(body);
  }

  put(path: string, body: object, token: string, headers: Record<string, string> = {}) {
    return request(this.http).put(path).set('Authorization', token).set(headers).send(body);
  }

  draft(body: object = sampleArticle(), token = users.editor(), headers: Record<string, string> = {}) {
    return this.post('/articles', body, token, headers);
  }

  async draftId(body: object = sampleArticle()): Promise<string> {
    const res = await this.draft(body);
    if (res.status !== 201) throw new Error(`draft failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  revise(id: string, body: object, token = users.editor(), headers: Record<string, string> = {}) {
    return this.put(`/articles/${id}/draft`, body, token, headers);
  }

  claim(id: string, body: object, token = users.factChecker(), headers: Record<string, string> = {}) {
    return this.post(`/articles/${id}/claims`, body, token, headers);
  }

  async claimId(id: string, body: object): Promise<string> {
    const res = await this.claim(id, body);
    if (res.status !== 201) throw new Error(`claim failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.claimId as string;
  }

  verdict(id: string, claimId: string, body: object, token = users.factChecker(), headers: Record<string, string> = {}) {
    return this.post(`/articles/${id}/claims/${claimId}/verdicts`, body, token, headers);
  }

  translate(id: string, body: object, token = users.translator(), headers: Record<string, string> = {}) {
    return this.post(`/articles/${id}/translations`, body, token, headers);
  }

  approve(id: string, translationId: string, token = users.secondEditor(), headers: Record<string, string> = {}) {
    return this.post(`/articles/${id}/translations/${translationId}/approve`, {}, token, headers);
  }

  reject(id: string, translationId: string, reason: string, token = users.secondEditor(), headers: Record<string, string> = {}) {
    return this.post(`/articles/${id}/translations/${translationId}/reject`, { reason }, token, headers);
  }

  publish(id: string, token = users.editor(), headers: Record<string, string> = {}) {
    return this.post(`/articles/${id}/publish`, {}, token, headers);
  }
}

export const PROBLEM_JSON = /^application\/problem\+json/;
