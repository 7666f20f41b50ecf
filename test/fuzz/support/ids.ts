import fc from 'fast-check';
import { wellFormed } from './unicode.js';

/** Ids an audit found dangerous: numeric suffixes past Number.MAX_SAFE_INTEGER, exponents, near the 64-char limit. */
export const NASTY_IDS = [
  `node${'9'.repeat(60)}`,
  'node9007199254740991',
  'node9007199254740992',
  'node9007199254740993',
  'node1e+60',
  'node1e309',
  'node-0',
  'node0',
  'node00000000000000000001',
  'nodeNaN',
  'nodeInfinity',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'bootstrap',
  'node',
  `n${'x'.repeat(63)}`,
  `n${'x'.repeat(64)}`,
  '.',
  '..',
  '-node',
  'node/../admin',
  'node%2F..',
  'node\u0000',
  'nöde',
  'node\u202e1',
  '',
  ' ',
];

/** A schema-valid id: 1-64 of letters, digits, "_", "." or "-", not starting with punctuation. */
export const validId = fc
  .tuple(fc.constantFrom(...'abcnodeXYZ019'), fc.string({ unit: fc.constantFrom(...'abcdefnode0123456789_.-'), maxLength: 63 }))
  .map(([head, tail]) => head + tail);

/** Course-style ids: `node` and a number, from small to far past what a double holds exactly. */
export const nodeNumberId = fc
  .oneof(fc.nat(20), fc.bigInt({ min: 0n, max: 10n ** 61n }), fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 60n - 1n))
  .map((n) => `node${n}`);

/** Any id an attacker may send, known real ones (given) included. */
export function anyId(realIds: () => readonly string[] = () => []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_IDS) },
    { weight: 2, arbitrary: nodeNumberId },
    { weight: 2, arbitrary: validId },
    { weight: 2, arbitrary: fc.nat(99).map((i) => realIds()[i % Math.max(1, realIds().length)] ?? 'node1') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  );
}

/** An id put into a url path: usually escaped, sometimes raw (slashes, dots, a broken `%`). */
export function idInPath(realIds: () => readonly string[] = () => []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: anyId(realIds).map((id) => encodeURIComponent(wellFormed(id))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%00', '..%2F..', '%2e%2e', 'a%2Fb', '%C0%AE', '%E2%80%AE', ';x', '*', '~') },
  );
}
