import fc from 'fast-check';

// JSON values an attacker sends. Numbers JSON.stringify cannot write (1e309, -0 as text, 1e-400)
// travel as marker strings that `toJsonText` swaps for the raw token.

const RAW = '\u0000raw:';
/** A number written as this exact JSON token (e.g. 1e309, which JSON.stringify cannot write). */
export const rawNumber = (token: string) => `${RAW}${token}`;
const raw = rawNumber;

const RAW_NUMBERS = [
  '1e309',
  '-1e309',
  '-0',
  '0e0',
  '1e-400',
  '9007199254740993',
  '123456789012345678901234567890',
  '-9223372036854775809',
  '1E+2',
  '0.1e1',
  '1.0',
];

/** Keys that pollute prototypes or shadow built-ins when a server copies a body into an object. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString', 'valueOf'];

/** A single value of any type, with the awkward ones over-represented. */
export const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1,
    2 ** 53,
    -(2 ** 31),
    1e21,
    1.5,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    '',
    ' ',
    '0',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    'null',
    'true',
    '[]',
    '{}',
  ),
  fc.constantFrom(...RAW_NUMBERS.map(raw)),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('\u202e', '\ud83d\ude00', 'é'.normalize('NFD'), '\u0000', '<script>alert(1)</script>', '${7*7}', '../../', '%00', '\r\n'),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value: nested objects and arrays with polluting keys among the ordinary ones. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, nastyScalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 12 })), tie('value'), { maxKeys: 6 }),
})).value;

/**
 * An object shaped like an endpoint's body: some of its real fields (each a fitting value or any
 * nasty one), sometimes a polluting key or an unknown field beside them.
 */
export function shapedBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(
    ([key, fitting]) => [key, fc.oneof({ weight: 3, arbitrary: fitting }, { weight: 1, arbitrary: nastyJson })] as const,
  );
  return fc
    .tuple(
      fc.record(Object.fromEntries(entries), { requiredKeys: [] }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...POLLUTING_KEYS, 'extra', 'isAdmin'), nastyJson) },
      ),
    )
    .map(([body, extra]) => {
      if (!extra) return body;
      // defineProperty makes `__proto__` an own key, as JSON.parse would.
      const copy = { ...body };
      Object.defineProperty(copy, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
      return copy;
    });
}

/** JSON text of a value, with raw-number markers replaced by their tokens. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/"\\u0000raw:([^"]*)"/g, '$1');
}

/** Nesting deep enough to overflow a recursive parser or walker. */
export const deepJson = fc.oneof(
  fc.integer({ min: 100, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 100, max: 50_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 100, max: 50_000 }).map((n) => '['.repeat(n)),
);

/** Texts that are not JSON, or are JSON only by a lenient reading. */
export const brokenJson = fc.constantFrom(
  '{',
  '{"a":',
  '[]]',
  "{'a':1}",
  '\ufeff{}',
  'NaN',
  'undefined',
  '{"a":1,}',
  '[1,]',
  '{"a":1}{"b":2}',
  '"\\ud800"',
  '"\\u0000"',
  ' ',
  '\u0000',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
);
