// The package's ESM entry point has the same named exports.
import test from 'node:test'
import assert from 'node:assert/strict'
import binding, { Tenancy, TenantryError, CODES, importTenant, report } from 'tenantry'

test('ESM named exports', () => {
  assert.equal(Tenancy, binding.Tenancy)
  assert.equal(importTenant, binding.importTenant)
  assert.equal(typeof report, 'function')
  assert.equal(report, binding.report)
  const t = new Tenancy()
  assert.throws(() => t.usersOf({ directory: 'x.onmicrosoft.com' }), TenantryError)
  assert.ok(CODES.length > 0)
})
