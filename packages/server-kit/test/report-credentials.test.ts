import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { hostCredential, hostCredentialMatches, reportTicket, reportTicketMatches } from '../src/report-credentials.js';

const TOKEN = 'credentials-test-cluster-token';

test('credentials and tickets are HMAC-SHA256 of the cluster token, base64url, and the same every time', () => {
  const credential = hostCredential(TOKEN, 'host1');
  const ticket = reportTicket(TOKEN, 'host1', 'node1');
  for (const value of [credential, ticket]) assert.match(value, /^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url, no padding');
  assert.equal(hostCredential(TOKEN, 'host1'), credential);
  assert.equal(reportTicket(TOKEN, 'host1', 'node1'), ticket);
  assert.equal(credential, createHmac('sha256', TOKEN).update('peerscope/ingest/host-credential/v1\0host1').digest('base64url'));
});

test('each host, node, token and kind gets its own secret', () => {
  const secrets = [
    hostCredential(TOKEN, 'host1'),
    hostCredential(TOKEN, 'host2'),
    hostCredential(`${TOKEN}x`, 'host1'),
    reportTicket(TOKEN, 'host1', 'node1'),
    reportTicket(TOKEN, 'host1', 'node2'),
    reportTicket(TOKEN, 'host2', 'node1'),
    reportTicket(`${TOKEN}x`, 'host1', 'node1'),
    // Ids are joined by NUL, which no id may hold: "host1"+"0node1" is not "host10"+"node1".
    reportTicket(TOKEN, 'host10', 'node1'),
    reportTicket(TOKEN, 'host1', '0node1'),
  ];
  assert.equal(new Set(secrets).size, secrets.length);
});

test('a credential matches only its host, a ticket only its host and node', () => {
  const credential = hostCredential(TOKEN, 'host1');
  assert.ok(hostCredentialMatches(TOKEN, 'host1', credential));
  assert.ok(!hostCredentialMatches(TOKEN, 'host2', credential));
  assert.ok(!hostCredentialMatches(`${TOKEN}x`, 'host1', credential));
  assert.ok(!hostCredentialMatches(TOKEN, 'host1', reportTicket(TOKEN, 'host1', 'node1')), 'a ticket is not a credential');

  const ticket = reportTicket(TOKEN, 'host1', 'node1');
  assert.ok(reportTicketMatches(TOKEN, 'host1', 'node1', ticket));
  assert.ok(!reportTicketMatches(TOKEN, 'host2', 'node1', ticket), 'another host cannot use it');
  assert.ok(!reportTicketMatches(TOKEN, 'host1', 'node2', ticket), 'nor another node');
  assert.ok(!reportTicketMatches(TOKEN, 'host1', 'node1', credential), 'a credential is not a ticket');
});

test('whatever is given is compared, never thrown on: empty, cut, longer, or not base64url at all', () => {
  const ticket = reportTicket(TOKEN, 'host1', 'node1');
  for (const given of ['', ticket.slice(0, -1), `${ticket}A`, ticket.toUpperCase(), 'é'.repeat(300), '\0']) {
    assert.equal(reportTicketMatches(TOKEN, 'host1', 'node1', given), false, JSON.stringify(given));
    assert.equal(hostCredentialMatches(TOKEN, 'host1', given), false, JSON.stringify(given));
  }
});
