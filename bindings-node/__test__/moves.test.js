// Before you move it, from Node: moveImpact, restorePlan applied after the
// move through the Tenancy's own methods, and diff of the two states.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Tenancy } = require('../index.js')

const CONTOSO = 'contoso.onmicrosoft.com'
const FABRIKAM = 'fabrikam.onmicrosoft.com'
const ADMIN = 'admin@contoso.onmicrosoft.com'

function beforeTheMove() {
  const t = new Tenancy({ seed: 11, profile: 'current' })
  for (const [organization, domainPrefix] of [['Contoso', 'contoso'], ['Fabrikam', 'fabrikam']]) {
    t.signUpOffice365({ organization, domainPrefix, admin: 'admin', plan: 'Office 365 E3' })
    const actor = `admin@${domainPrefix}.onmicrosoft.com`
    const directory = `${domainPrefix}.onmicrosoft.com`
    t.addUser({ actor, directory, user: 'jane' })
    t.elevateAccess({ actor, directory })
    t.setSubscriptionPolicy({ actor, directory, blockLeaving: false, blockEntering: false })
  }
  const sub = t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P', name: 'Production' }).subscription
  t.assignRole({ actor: ADMIN, scope: `/subscriptions/${sub}`, principal: 'jane@contoso.onmicrosoft.com', role: 'reader' })
  t.createResource({ actor: ADMIN, subscription: sub, resourceGroup: 'apps', resourceType: 'Microsoft.ContainerService/managedClusters', name: 'aks1' })
  t.inviteGuest({ actor: 'admin@fabrikam.onmicrosoft.com', directory: FABRIKAM, account: ADMIN })
  return { t, sub }
}

test('moveImpact names the movers and every affected object', () => {
  const { t, sub } = beforeTheMove()
  const impact = t.moveImpact({ subscription: sub, directory: FABRIKAM })
  assert.deepEqual([impact.from, impact.to, impact.blocking, impact.movers], [CONTOSO, FABRIKAM, [], [ADMIN]])
  const aks = impact.rows.find((r) => r.row === 'aks')
  assert.equal(aks.recoverable, false)
  assert.equal(aks.objects[0].object, `/subscriptions/${sub}/resourceGroups/apps/providers/Microsoft.ContainerService/managedClusters/aks1`)
  assert.throws(() => t.moveImpact({ subscription: sub }), TypeError)
  assert.throws(() => t.moveImpact({ subscription: sub, directory: 'nowhere.onmicrosoft.com' }), { code: 'UNKNOWN_DIRECTORY' })
})

test('moveInventory is the impact rows that hold whoever moves it, wherever', () => {
  const { t, sub } = beforeTheMove()
  const inventory = t.moveInventory({ subscription: sub })
  const impact = t.moveImpact({ subscription: sub, directory: FABRIKAM })
  const rows = new Set(inventory.map((r) => r.row))
  assert.ok(rows.has('aks'))
  assert.deepEqual(impact.rows.filter((r) => rows.has(r.row)), inventory)
  const office365 = t.subscriptions().find((s) => s.kind === 'office365').id
  assert.throws(() => t.moveInventory({ subscription: office365 }), { name: 'TenantryError', message: /does not change directory/ })
  assert.throws(() => t.moveInventory({}), TypeError)
})

test('restorePlan steps apply after the move, and diff reads the change', () => {
  const { t, sub } = beforeTheMove()
  const plan = t.restorePlan({ subscription: sub, directory: FABRIKAM })
  assert.deepEqual(plan.steps.map((s) => [s.operation, s.principal]), [['assign_role', 'jane@fabrikam.onmicrosoft.com']])
  assert.deepEqual(plan.unmapped, [])
  const before = Tenancy.fromJson(t.toJson())
  t.changeSubscriptionDirectory({ actor: ADMIN, subscription: sub, directory: FABRIKAM })
  for (const { operation, restores, az, ...args } of plan.steps) {
    const method = operation.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
    assert.equal(t.can[method]({ actor: ADMIN, ...args }).allowed, true, restores)
    t[method]({ actor: ADMIN, ...args })
  }
  const d = before.diff(t)
  assert.ok(d.access.some((a) => a.account === 'admin@fabrikam.onmicrosoft.com' && a.change === 'gained'))
  assert.ok(d.changes.some((c) => c.kind === 'role_assignment' && c.change === 'added' &&
    c.object === `jane@fabrikam.onmicrosoft.com reader at /subscriptions/${sub}`))
  assert.deepEqual(t.diff(t), { access: [], changes: [] })
})
