import fc from 'fast-check';

// Every host here is loopback, an RFC 2606 `.invalid` name (never resolves), or an RFC 5737 /
// RFC 3849 documentation address (never routed): the bootstrap and nodes may try to connect to a
// registered url, and the fuzz must not point them at anyone's real machine.

const LOOPBACK_HOSTS = [
  '127.0.0.1',
  'localhost',
  'LOCALHOST',
  'localhost.',
  'LocalHost',
  '127.1',
  '127.0.1',
  '2130706433',
  '0x7f000001',
  '0x7f.0.0.1',
  '017700000001',
  '0177.0.0.1',
  '127.000.000.001',
  '127.255.255.254',
  '[::1]',
  '[0:0:0:0:0:0:0:1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[0000::1]',
  '127.0.0.1%2e',
  '%31%32%37.0.0.1',
];
const FOREIGN_HOSTS = [
  'example.invalid',
  'EXAMPLE.INVALID',
  'a.b.c.invalid',
  'xn--nxasmq6b.invalid',
  'ünïcode.invalid',
  'localhost.invalid',
  '127.0.0.1.invalid',
  '192.0.2.1',
  '198.51.100.7',
  '203.0.113.255',
  '[2001:db8::1]',
  '[::ffff:192.0.2.1]',
  '3221225985', // 192.0.2.1 as one number
];
const SCHEMES = ['http', 'https', 'HTTP', 'HtTpS', 'ftp', 'file', 'ws', 'javascript', 'data', 'gopher', 'h\ttp', ''];

/** Ports: closed ones, the system's own (given), and out-of-range spellings. */
function port(ownPorts: () => readonly number[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(':1', ':9', '', ':', ':0', ':65535', ':65536', ':99999', ':-1', ':1e3', ':0x50', ':08'),
    fc.nat(20).map((i) => `:${ownPorts()[i % Math.max(1, ownPorts().length)] ?? 9}`),
  );
}

const pathPart = fc.oneof(
  fc.constant(''),
  fc.constantFrom('/', '/message', '/api/nodes', '/../../etc/passwd', '//x', '/%2e%2e/', '/?a=b#c', '#frag', '?x=1', '/\\x', '/%00', '/é'),
  fc.webPath(),
  fc.nat({ max: 4000 }).map((n) => `/${'a'.repeat(n)}`),
);

/** A url as an attacker spells it: odd schemes, loopback in many forms, foreign-but-harmless hosts, userinfo, long paths. */
export function anyUrl(ownPorts: () => readonly number[] = () => []): fc.Arbitrary<string> {
  const host = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...LOOPBACK_HOSTS) }, { weight: 2, arbitrary: fc.constantFrom(...FOREIGN_HOSTS) });
  const userinfo = fc.constantFrom('', '', '', 'user:pass@', '127.0.0.1@', 'example.invalid@', '@', ':@');
  const separator = fc.constantFrom('://', '://', '://', ':/', ':', ':\\\\', ':////');
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...SCHEMES), separator, userinfo, host, port(ownPorts), pathPart).map((parts) => parts.join('')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        'not a url',
        '//127.0.0.1:9',
        '127.0.0.1:9',
        'http://',
        'http://:9',
        'http://[::1',
        'http://[]:9',
        'mailto:a@example.invalid',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }) },
    { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((n) => `http://127.0.0.1:9/${'x'.repeat(n)}`) },
  );
}
