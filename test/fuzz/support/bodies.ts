import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { brokenJson, deepJson, nastyJson, toJsonText } from './json.js';

/** The servers' body limit (64 KB in server-kit, the node's hot path and the dashboard's routes). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** One request body as it goes on the wire, with the headers that describe it. */
export interface Payload {
  /** Bytes, or chunks sent with `Transfer-Encoding: chunked`. */
  body?: Buffer | Buffer[];
  headers: Record<string, string>;
  /** What the fuzz meant to send, for the failure message. */
  label: string;
  /** Past the limit: a server may answer 413 and close before reading it all. */
  oversize: boolean;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=bogus',
  'application/json;;',
  'application/jsonx',
  'application/json-patch+json',
  'application/vnd.api+json',
  'application/*',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '*/*',
  '',
];
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const ZIP_BOMB = gzipSync(Buffer.from(`{"text":"${'a'.repeat(8 * 1024 * 1024)}"}`));

/** Wraps JSON text (or bytes) as a payload with a generated content type. */
const textPayload = (label: string, text: fc.Arbitrary<string | Buffer>): fc.Arbitrary<Payload> =>
  fc.tuple(text, contentType).map(([t, type]) => {
    const body = Buffer.isBuffer(t) ? t : Buffer.from(t);
    const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
    return { body, headers, label, oversize: body.length > BODY_LIMIT_BYTES };
  });

/** Bodies with `Content-Encoding`: a valid gzip, garbage claiming to be gzip, a bomb, unknown encodings. */
const encoded: fc.Arbitrary<Payload> = fc
  .tuple(
    fc.constantFrom('gzip', 'deflate', 'br', 'x-gzip', 'gzip, gzip', 'identity', 'zstd', 'GZIP', 'compress'),
    fc.oneof(
      nastyJson.map((v) => ({ kind: 'gzip of json', bytes: gzipSync(Buffer.from(toJsonText(v))) })),
      fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: 'garbage', bytes: Buffer.from(b) })),
      fc.constant({ kind: 'truncated gzip', bytes: gzipSync(Buffer.from('{"a":1}')).subarray(0, 12) }),
      fc.constant({ kind: 'gzip bomb (8 MB inflated)', bytes: ZIP_BOMB }),
    ),
  )
  .map(([encoding, { kind, bytes }]) => ({
    body: bytes,
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    label: `${kind} as Content-Encoding: ${encoding}`,
    oversize: bytes.length > BODY_LIMIT_BYTES,
  }));

/** Chunked bodies, within and beyond the limit (no Content-Length, so the limit must be counted). */
const chunked: fc.Arbitrary<Payload> = fc
  .tuple(fc.integer({ min: 1, max: 4 * BODY_LIMIT_BYTES }), fc.integer({ min: 1, max: 32 * 1024 }))
  .map(([size, chunk]) => {
    const text = Buffer.from(`{"text":"${'c'.repeat(size)}"}`);
    const chunks: Buffer[] = [];
    for (let at = 0; at < text.length; at += chunk) chunks.push(text.subarray(at, at + chunk));
    return { body: chunks, headers: { 'content-type': 'application/json' }, label: `chunked ${text.length} bytes`, oversize: text.length > BODY_LIMIT_BYTES };
  });

/** Bytes that are not UTF-8, or UTF-8 with a byte-order mark or in UTF-16. */
const badBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.constantFrom(
    Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
    Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
    Buffer.from('{"a":"\xff\xfe"}', 'latin1'),
    Buffer.from([0xc0, 0xaf]),
  ),
);

/** A plain JSON body, as a well-behaved client sends it. */
export function jsonPayload(value: unknown): Payload {
  const body = Buffer.from(toJsonText(value));
  return { body, headers: { 'content-type': 'application/json' }, label: 'json', oversize: body.length > BODY_LIMIT_BYTES };
}

/** Any body an attacker may send, shaped like `shaped` (the endpoint's own fields) half the time. */
export function anyPayload(shaped: fc.Arbitrary<unknown> = nastyJson): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 8, arbitrary: textPayload('json shaped like the endpoint', shaped.map(toJsonText)) },
    { weight: 3, arbitrary: textPayload('any json', nastyJson.map(toJsonText)) },
    { weight: 1, arbitrary: textPayload('broken json', brokenJson) },
    { weight: 1, arbitrary: textPayload('deep json', deepJson) },
    { weight: 1, arbitrary: textPayload('bad bytes', badBytes) },
    {
      weight: 1,
      arbitrary: textPayload(
        'big json',
        fc.integer({ min: BODY_LIMIT_BYTES - 16, max: 1024 * 1024 }).map((n) => `{"text":"${'b'.repeat(n)}"}`),
      ),
    },
    { weight: 1, arbitrary: encoded },
    { weight: 1, arbitrary: chunked },
    { weight: 1, arbitrary: fc.constant<Payload>({ headers: {}, label: 'no body', oversize: false }) },
  );
}
