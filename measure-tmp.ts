import { startApp, users } from './test/support/app.js';
const t = await startApp();
await new Promise<void>((r) => t.http.listen(0, r));
const base = `http://127.0.0.1:${(t.http.address() as { port: number }).port}`;
const req = async (method: string, path: string, token: string, body?: object) => {
  const res = await fetch(base + path, { method, headers: { authorization: token, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: await res.json() as any };
};
const words = Array.from({ length: 2100 }, (_, i) => `كلمة${i}`).join(' ');
const { json: { id } } = await req('POST', '/articles', users.editor(), { title: 't', body: words, language: 'ar' });
let t0 = performance.now();
for (let i = 0; i < 2000; i++) {
  const r = await req('POST', `/articles/${id}/claims`, users.factChecker(), { quote: `كلمة${i} ` });
  if (r.status !== 201) { console.log(r); break; }
  if (i % 500 === 499) { console.log(i + 1, 'claims; last 500 took ms', Math.round(performance.now() - t0)); t0 = performance.now(); }
}
t0 = performance.now();
const n = 50;
for (let i = 0; i < n; i++) await req('POST', `/articles/${id}/claims/${(await req('GET', `/articles/${id}`, users.viewer())).json.claims[i].id}/verdicts`, users.factChecker(), { verdict: 'true', rationale: 'r' });
console.log('verdict+GET ms each', (performance.now() - t0) / n);
t0 = performance.now();
const rev = await req('PUT', `/articles/${id}/draft`, users.editor(), { body: 'x ' + words });
console.log('revision', rev.status, 'ms', performance.now() - t0);
await t.close();
