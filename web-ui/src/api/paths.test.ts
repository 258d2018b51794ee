// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATHS, SESSION_PATHS, WRITE_ONLY_PATHS, path } from './paths';

// The query service's OpenAPI document: the contract the typed client is checked against.
const OPENAPI = resolve(
  process.cwd(),
  '../query-service/src/main/resources/io/obsera/query/openapi/openapi.json',
);

/** Paths the UI only writes to (checked method by method below). */
const WRITE_ONLY: readonly string[] = [PATHS.totpVerify, ...WRITE_ONLY_PATHS];

describe('API paths', () => {
  // writes (PUT, DELETE) have paths of their own, without a GET
  it('should_callOnlyPathsTheOpenApiDocumentHas', () => {
    const doc = JSON.parse(readFileSync(OPENAPI, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const missing = Object.values(PATHS).filter(
      (p) => !SESSION_PATHS.includes(p) && !(p in doc.paths),
    );
    expect(missing).toEqual([]);
  });

  it('should_callOnlyWritePathsTheOpenApiDocumentHas', () => {
    const doc = JSON.parse(readFileSync(OPENAPI, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths[PATHS.totp]).toHaveProperty('post');
    expect(doc.paths[PATHS.totp]).toHaveProperty('delete');
    expect(doc.paths[PATHS.totpVerify]).toHaveProperty('post');
    for (const p of WRITE_ONLY) expect(doc.paths[p]).toHaveProperty('post');
    expect(doc.paths[PATHS.memberTotp]).toHaveProperty('delete');
    expect(doc.paths[PATHS.sso]).toHaveProperty('put');
    expect(doc.paths[PATHS.sso]).toHaveProperty('delete');
    expect(doc.paths[PATHS.authPolicy]).toHaveProperty('put');
  });

  it('should_encodePathParameters', () => {
    expect(path(PATHS.service, { name: 'a/b c' })).toBe('/api/v1/services/a%2Fb%20c');
    expect(() => path(PATHS.service)).toThrow("missing path parameter 'name'");
  });
});
