// importTenant() against the importer's loopback Graph and ARM server (the
// connect crate's test_server example, which the test command builds).
const test = require('node:test')
const assert = require('node:assert')
const path = require('node:path')
const readline = require('node:readline')
const { spawn } = require('node:child_process')
const { importTenant, Tenancy } = require('..')

const binary =
  process.env.TENANTRY_TEST_SERVER ||
  path.join(__dirname, '..', '..', 'target', 'debug', 'examples', 'test_server')

let server
let proc

test.before(async () => {
  proc = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: proc.stdout })
  server = JSON.parse(await new Promise((resolve) => lines.once('line', resolve)))
})

test.after(() => proc.kill())

test('an import resolves with the tenancy and a report matching the server', async () => {
  const { tenancy, report } = await importTenant({
    graphUrl: server.url,
    armUrl: server.url,
    token: server.token,
  })
  assert.ok(tenancy instanceof Tenancy)
  assert.strictEqual(tenancy.profile, 'current')
  assert.deepStrictEqual(report.counts, server.counts)
  assert.strictEqual(report.directory, 'contoso.onmicrosoft.com')
  assert.strictEqual(report.refreshable, true)
  assert.strictEqual(report.refresh, null)
  const managers = tenancy.whoCanManage({ subscription: '11111111-aaaa-4bbb-8ccc-000000000001' })
  assert.ok(managers.some((m) => m.account === 'admin@contoso.com'))
  assert.ok(!JSON.stringify(report).includes(server.token))
})

test('a failed import rejects with the documented error', async () => {
  await assert.rejects(
    importTenant({ graphUrl: server.url, armUrl: server.url, token: 'not-the-token' }),
    (e) => e.name === 'TenantryError' && e.code === 'IMPORT_UNAUTHORIZED' && !e.message.includes('not-the-token'),
  )
  await assert.rejects(importTenant({ graphUrl: 'http://graph.example.com', token: 'x' }), {
    code: 'IMPORT_OPTIONS',
  })
  await assert.rejects(importTenant({ cloud: 'germany', token: 'x' }), { code: 'IMPORT_OPTIONS' })
  await assert.rejects(importTenant({ token: 'x', clientId: 'y' }), { code: 'IMPORT_OPTIONS' })
})
