import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ERROR_STATUS, type ErrorCode } from '@peerscope/protocol';
import { APIS, documentOf, errorsOf, type Route } from '../src/index.js';

const API_MD = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
const CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
const allRoutes = () => Object.entries(APIS).flatMap(([name, api]) => api.routes.map((route) => ({ name, api, route })));
/** `post /api/nodes/{id}/pause` as docs/api.md writes it: `POST /api/nodes/:id/pause`. */
const asDocs = (route: Route) => `${route.method.toUpperCase()} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`;

for (const [name, api] of Object.entries(APIS)) {
  test(`the ${name} document is valid OpenAPI 3.1`, async () => {
    const result = await new Validator().validate(documentOf(api));
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(documentOf(api).openapi, '3.1.0');
  });
}

test('every error code of errors.ts is answered by some route, with its status', () => {
  const answered = new Set(allRoutes().flatMap(({ api, route }) => errorsOf(api, route, CODES)));
  // Answered by no route: for a path or method that has none (docs/api.md, General rules and Dashboard routes).
  const noRoute = new Set<ErrorCode>(['not_found', 'method_not_allowed']);
  for (const code of CODES) assert.ok(answered.has(code) !== noRoute.has(code), code);
  for (const { name, api, route } of allRoutes()) {
    const responses = (documentOf(api).paths[route.path]![route.method] as { responses: Record<string, unknown> }).responses;
    for (const code of errorsOf(api, route, CODES))
      assert.ok(JSON.stringify(responses[ERROR_STATUS[code]]).includes(`"${code}"`), `${name} ${asDocs(route)} ${code}`);
  }
});

test('docs/api.md names every route of the tables, and every route it documents is in them', () => {
  for (const { name, route } of allRoutes()) assert.ok(API_MD.includes(asDocs(route)), `${name}: ${asDocs(route)} is not in docs/api.md`);
  const tabled = new Set(allRoutes().map(({ route }) => asDocs(route)));
  // The headings of the bootstrap's and node's routes, up to the pool host's own API (not one of the three).
  const documented = [...API_MD.slice(0, API_MD.indexOf('## Pool host control API')).matchAll(/^#{3,4} `(GET|POST|PUT|DELETE) (\/[^`?]*)/gm)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  assert.ok(documented.length > 20);
  for (const heading of documented) assert.ok(tabled.has(heading), `docs/api.md documents ${heading}, which no table has`);
});

test("docs/api.md's error tables agree with the document: each code a route's section lists, the route answers, with that status", () => {
  const sections = API_MD.split(/^(?=#{2,4} )/m);
  let checked = 0;
  for (const section of sections) {
    const heading = /^#{3,4} `(GET|POST|PUT|DELETE) (\/[^`?]*)/.exec(section);
    if (!heading) continue;
    const owner = allRoutes().find(({ name, route }) => name !== 'dashboard' && asDocs(route) === `${heading[1]} ${heading[2]}`);
    if (!owner) continue;
    const answered = errorsOf(owner.api, owner.route, CODES);
    for (const [, code, status] of section.matchAll(/^\| `([a-z_]+)` +\| (\d{3}) +\|/gm)) {
      assert.ok(answered.includes(code as ErrorCode), `docs/api.md: ${heading[1]} ${heading[2]} lists ${code}, the document does not`);
      assert.equal(Number(status), ERROR_STATUS[code as ErrorCode], `${code}'s status`);
      checked += 1;
    }
  }
  assert.ok(checked > 30, `only ${checked} codes checked`);
  // The table of codes lists exactly errors.ts's codes, with their statuses.
  const table = API_MD.slice(API_MD.indexOf('## Error codes'), API_MD.indexOf('## Send-failure codes'));
  const listed = [...table.matchAll(/^\| `([a-z_]+)` +\| (\d{3}) /gm)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(listed, Object.entries(ERROR_STATUS));
});
