import fc from 'fast-check';

/** What the generated headers may name: the system's own addresses and its tokens. */
export interface HeaderContext {
  /** `host:port` of the server the request goes to. */
  ownHost: () => string;
  /** Tokens a header may carry, the right ones among them when a property wants that. */
  tokens: () => readonly string[];
}

// Foreign names are `.invalid` (RFC 2606) or documentation addresses: never a real site.
const FOREIGN_HOSTS = [
  'evil.invalid',
  'evil.invalid:3000',
  'localhost.evil.invalid',
  '192.0.2.1',
  '[2001:db8::1]:80',
  'localhost:1',
  '127.0.0.1:1',
  '0.0.0.0',
  '',
  'a b',
  'localhost@evil.invalid',
];
const FOREIGN_ORIGINS = [
  'null',
  'http://evil.invalid',
  'https://evil.invalid:3000',
  'file://',
  'http://localhost.evil.invalid',
  'http://192.0.2.1',
  'chrome-extension://abc',
  'garbage',
  'http://',
  '',
];

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const headerName = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-0123456789'), minLength: 1, maxLength: 20 })
  .filter((n) => !/^(content-length|transfer-encoding|connection|upgrade|expect|keep-alive|te|trailer)$/.test(n));

/** A bearer header in its right and wrong spellings, with a given or a made-up token. */
function authorization(context: HeaderContext): fc.Arbitrary<string> {
  const token = fc.oneof(
    fc.nat(20).map((i) => context.tokens()[i % Math.max(1, context.tokens().length)] ?? 'x'),
    printable,
    fc.nat({ max: 10_000 }).map((n) => 't'.repeat(n)),
  );
  return fc.oneof(
    token.map((t) => `Bearer ${t}`),
    token.map((t) => `bearer ${t}`),
    token.map((t) => `Bearer  ${t} `),
    token.map((t) => `Basic ${Buffer.from(`admin:${t}`).toString('base64')}`),
    fc.constantFrom('Bearer', 'Bearer ', '', 'Bearer null', 'Bearer undefined', 'Bearer [object Object]'),
  );
}

/**
 * Headers an attacker sets: Host and Origin of foreign sites (and of this one), forwarded-for
 * spoofing, bearer tokens right and wrong, very long values, and names of no meaning.
 */
export function anyHeaders(context: HeaderContext): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        host: fc.oneof(
          fc.constantFrom(...FOREIGN_HOSTS),
          fc.constant(undefined).map(() => context.ownHost()),
          fc.constantFrom('localhost', 'LOCALHOST:80'),
        ),
        origin: fc.oneof(
          fc.constantFrom(...FOREIGN_ORIGINS),
          fc.constant(undefined).map(() => `http://${context.ownHost()}`),
        ),
        referer: fc.constantFrom('http://evil.invalid/', 'about:blank'),
        authorization: authorization(context),
        'x-forwarded-for': fc.constantFrom('127.0.0.1', '192.0.2.1, 127.0.0.1', 'unknown'),
        'x-forwarded-host': fc.constantFrom('evil.invalid', 'localhost'),
        'x-forwarded-proto': fc.constantFrom('https', 'gopher'),
        accept: fc.constantFrom('*/*', 'text/html', 'application/json', 'text/x-component', 'image/*;q=0'),
        'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0'),
        rsc: fc.constantFrom('1', '0'),
        'next-router-state-tree': printable,
        'x-middleware-subrequest': fc.constantFrom('middleware', 'middleware:middleware:middleware:middleware:middleware'),
        cookie: fc.oneof(
          printable,
          fc.nat({ max: 12_000 }).map((n) => `a=${'c'.repeat(n)}`),
        ),
        'x-fuzz': fc.nat({ max: 20_000 }).map((n) => 'h'.repeat(n)),
        [`x-${'n'.repeat(8)}`]: printable,
      },
      { requiredKeys: [] },
    )
    .chain((known) =>
      fc.dictionary(headerName, printable, { maxKeys: 3 }).map((extra) => {
        const set = Object.entries(known).filter((entry): entry is [string, string] => entry[1] !== undefined);
        return { ...extra, ...Object.fromEntries(set) };
      }),
    );
}

/** Total size of the header block: past ~16 KB Node answers 431 and closes the connection. */
export const headerBytes = (headers: Record<string, string>) => Object.entries(headers).reduce((sum, [k, v]) => sum + k.length + v.length + 4, 0);
