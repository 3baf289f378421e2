'use strict'
// The Node boundary: conversions, error mapping, naming, undefined and
// missing options, wrong types, lifetimes, snapshots on disk. Behaviour
// itself is tested in Rust and by the shared scenarios.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Tenancy, Planner, Decider, TenantryError, CODES, SNAPSHOT_VERSION } = require('..')

const ADMIN = 'admin@contoso.onmicrosoft.com'

function contoso() {
  const t = new Tenancy({ seed: 1 })
  t.signUpOffice365({ organization: 'Contoso', domainPrefix: 'contoso', admin: 'admin', plan: 'Office 365 E3' })
  t.createMicrosoftAccount({ email: 'msmith@hotmail.com' })
  return t
}

const azure = (t) => t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P' }).subscription

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tenantry-'))

test('errors are TenantryErrors with code, rule, message and hint', () => {
  const t = contoso()
  const sub = azure(t)
  assert.throws(
    () => t.changeSubscriptionDirectory({ actor: 'msa:msmith@hotmail.com', subscription: sub, directory: 'contoso.onmicrosoft.com' }),
    (e) => {
      assert.ok(e instanceof TenantryError)
      assert.ok(e instanceof Error)
      assert.equal(e.name, 'TenantryError')
      assert.equal(e.code, 'REQUIRES_SERVICE_ADMIN')
      assert.equal(e.rule, 'R6')
      assert.match(e.message, /is not the service administrator/)
      assert.match(e.hint, /service administrator/)
      assert.ok(e.stack)
      return true
    },
  )
  assert.throws(() => t.usersOf({ directory: 'nowhere.onmicrosoft.com' }), { code: 'UNKNOWN_DIRECTORY', rule: null })
  assert.throws(() => t.createDirectory({ organization: 'F', domainPrefix: 'f-x', admin: 'a' }), { code: 'INVALID_NAME', rule: 'R1' })
  assert.ok(CODES.includes('REQUIRES_SERVICE_ADMIN'))
  assert.equal(CODES.length, 62)
  assert.equal(SNAPSHOT_VERSION, 2)
})

test('a panic inside core is a TenantryError with code INTERNAL, and Node lives on', () => {
  const t = contoso()
  const before = t.toJson()
  const binding = require('..')
  for (let i = 0; i < 3; i++) {
    assert.throws(() => binding._panicForTests(), (e) => {
      assert.ok(e instanceof TenantryError)
      assert.equal(e.code, 'INTERNAL')
      assert.equal(e.rule, null)
      assert.equal(e.message, "tenantry failed inside: a deliberate panic, for the tests of a binding's error mapping.")
      assert.match(e.hint, /bug in tenantry/)
      return true
    })
  }
  assert.equal(t.toJson(), before)
  assert.equal(t.can.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P' }).allowed, true)
})

test('index.d.ts lists exactly the codes, in order', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const union = dts.match(/export type TenantryCode =([^]*?)\n\n/)
  assert.ok(union, 'index.d.ts declares TenantryCode')
  const listed = [...union[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1])
  assert.deepEqual(listed, [...CODES])
})

test('missing, undefined and unknown options are TypeErrors', () => {
  const t = contoso()
  assert.throws(() => t.signUpAzure(), TypeError)
  assert.throws(() => t.signUpAzure(undefined), TypeError)
  assert.throws(() => t.signUpAzure(null), TypeError)
  assert.throws(() => t.signUpAzure('admin'), TypeError)
  assert.throws(() => t.signUpAzure({ actor: ADMIN }), { name: 'TypeError', message: /signUpAzure\(\): Missing field `offer`/ })
  assert.throws(() => t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P', directry: 'x' }), {
    name: 'TypeError',
    message: /unknown option 'directry'/,
  })
  assert.throws(() => t.plan.signUpAzure({}), TypeError)
  assert.throws(() => t.can.signUpAzure({ actor: ADMIN }), TypeError)
  assert.throws(() => t.usersOf({}), TypeError)
  assert.throws(() => Tenancy.fromJson(), TypeError)
  assert.throws(() => new Tenancy({ seed: 'x' }), TypeError)
  assert.throws(() => new Tenancy({ sede: 1 }), TypeError)
})

test('seeds are whole numbers from 0 to Number.MAX_SAFE_INTEGER, else RangeErrors', () => {
  for (const seed of [-1, 1.5, 2 ** 53, Number.MAX_VALUE, Infinity, NaN]) {
    assert.throws(() => new Tenancy({ seed }), { name: 'RangeError', message: /seed must be a whole number/ }, `${seed}`)
  }
  const json = new Tenancy({ seed: 0 }).toJson()
  assert.throws(() => Tenancy.fromJson(json, { seed: -7 }), RangeError)
  const a = new Tenancy({ seed: Number.MAX_SAFE_INTEGER })
  const b = new Tenancy({ seed: Number.MAX_SAFE_INTEGER })
  a.createDirectory({ organization: 'A', domainPrefix: 'a', admin: 'admin' })
  b.createDirectory({ organization: 'A', domainPrefix: 'a', admin: 'admin' })
  assert.equal(a.toJson(), b.toJson())
})

test('optional options may be left out or undefined', () => {
  const t = contoso()
  const out = t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P', name: undefined, directory: undefined })
  assert.equal(typeof out.subscription, 'string')
  assert.ok(new Tenancy() instanceof Tenancy)
  assert.ok(new Tenancy(undefined) instanceof Tenancy)
})

test('wrong types are TypeErrors, not crashes', () => {
  const t = contoso()
  assert.throws(() => t.createMicrosoftAccount({ email: 42 }), TypeError)
  assert.throws(() => t.createMicrosoftAccount({ email: null }), TypeError)
  assert.throws(() => t.signUpOffice365({ organization: 'F', domainPrefix: 'f', admin: 'a', plan: 'P', seats: 'many' }), TypeError)
  const sub = azure(t)
  assert.throws(() => t.linkOffice365Tenant({ actor: ADMIN, subscription: sub, directory: 'x', globalAdmin: ADMIN, admins: 'a@b.com' }), TypeError)
  assert.throws(() => t.linkOffice365Tenant({ actor: ADMIN, subscription: sub, directory: 'x', globalAdmin: ADMIN, admins: [1] }), TypeError)
  assert.throws(() => t.save(7), TypeError)
  assert.throws(() => t.toJson({ pretty: 'yes' }), TypeError)
})

test('out-of-range numbers are refused by core', () => {
  const t = contoso()
  for (const seats of [0, -1, 2 ** 40]) {
    assert.throws(() => t.buyOffice365({ actor: ADMIN, plan: 'Office 365 E1', seats }), { code: 'INVALID_NAME' })
  }
})

test('outcomes, plans and decisions are plain camelCase objects', () => {
  const t = contoso()
  const out = t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0044P' })
  assert.deepEqual(out, {
    effects: [{ subscriptionCreated: { subscription: out.subscription, kind: 'azure', directory: 'contoso.onmicrosoft.com' } }],
    subscription: out.subscription,
  })
  assert.deepEqual(t.createMicrosoftAccount({ email: 'jo@outlook.com' }), { effects: [{ accountCreated: { account: 'msa:jo@outlook.com' } }] })
  const before = t.toJson()
  const plan = t.plan.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P' })
  assert.equal(plan.subscription, undefined)
  assert.equal(plan.effects[0].subscriptionCreated.subscription, '*')
  assert.equal(t.toJson(), before)
  assert.deepEqual(t.can.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P' }), {
    allowed: true,
    rule: 'R3',
    message: `${ADMIN} may sign up for Azure (R3).`,
  })
  const no = t.can.buyOffice365({ actor: 'msa:msmith@hotmail.com', plan: 'Office 365 E1' })
  assert.equal(no.allowed, false)
  assert.equal(no.rule, 'R4')
  assert.equal(no.code, 'REQUIRES_GLOBAL_OR_BILLING_ADMIN')
  assert.ok(no.message && no.hint)
})

test('queries return FORMAT shapes with camelCase keys', () => {
  const t = contoso()
  const sub = azure(t)
  assert.deepEqual(t.usersOf({ directory: 'contoso.onmicrosoft.com' }), [ADMIN])
  assert.deepEqual(t.user({ directory: 'contoso.onmicrosoft.com', account: ADMIN }), { kind: 'member', roles: ['global_administrator'] })
  assert.equal(t.user({ directory: 'contoso.onmicrosoft.com', account: 'msa:msmith@hotmail.com' }), null)
  assert.equal(t.organizationalRole({ directory: 'contoso.onmicrosoft.com', account: ADMIN }), 'Global Administrator')
  const view = t.subscription({ subscription: sub })
  assert.deepEqual(view.owner, { user: ADMIN })
  assert.equal(view.accountAdministrator, ADMIN)
  assert.deepEqual(view.coAdministrators, [])
  assert.ok(t.subscriptionsOf({ directory: 'contoso.onmicrosoft.com' }).includes(sub))
  assert.deepEqual(t.whoCanManage({ subscription: sub }), [
    { account: ADMIN, reason: 'account_administrator' },
    { account: ADMIN, reason: 'service_administrator' },
  ])
  assert.deepEqual(t.roleAssignments({ subscription: sub }), [])
  assert.deepEqual(t.directoriesOf({ account: ADMIN }), ['contoso.onmicrosoft.com'])
  assert.equal(t.directory({ directory: 'contoso.onmicrosoft.com' }).initialDomain, 'contoso.onmicrosoft.com')
  assert.deepEqual(t.accounts().map((a) => a.account), [ADMIN, 'msa:msmith@hotmail.com'])
  assert.deepEqual(t.events()[0], { directoryCreated: { directory: 'contoso.onmicrosoft.com' } })
  assert.equal(String(t), 'Tenancy(1 directory, 2 accounts, 2 subscriptions, 0 partners, 7 events)')
})

test('plan and can are live views that keep their tenancy alive', () => {
  const t = contoso()
  const can = t.can
  assert.ok(can instanceof Decider)
  assert.ok(t.plan instanceof Planner)
  assert.equal(can.createMicrosoftAccount({ email: 'jo@outlook.com' }).allowed, true)
  t.createMicrosoftAccount({ email: 'jo@outlook.com' })
  assert.equal(can.createMicrosoftAccount({ email: 'jo@outlook.com' }).code, 'USER_EXISTS')
  const orphan = new Tenancy({ seed: 3 }).plan
  global.gc?.()
  assert.equal(orphan.createMicrosoftAccount({ email: 'x@outlook.com' }).effects.length, 1)
})

test('JSON round trip', () => {
  const t = contoso()
  azure(t)
  const json = t.toJson()
  const back = Tenancy.fromJson(json)
  assert.equal(back.toJson(), json)
  assert.equal(Tenancy.fromJson(t.toJson({ pretty: true })).toJson(), json)
  assert.deepEqual(back.events(), t.events())
  const a = Tenancy.fromJson(json, { seed: 9 })
  const b = Tenancy.fromJson(json, { seed: 9 })
  assert.equal(azure(a), azure(b))
})

test('save and load', () => {
  const t = contoso()
  const dir = tmp()
  const file = path.join(dir, 'fleet.json')
  t.save(file)
  assert.equal(Tenancy.load(file).toJson(), t.toJson())
  assert.deepEqual(fs.readdirSync(dir), ['fleet.json'])
})

test('a failed save leaves the old file', () => {
  const t = contoso()
  const dir = tmp()
  const file = path.join(dir, 'fleet.json')
  t.save(file)
  const old = fs.readFileSync(file)
  fs.mkdirSync(path.join(dir, 'sub'))
  fs.writeFileSync(path.join(dir, 'sub', 'keep'), 'x')
  assert.throws(() => t.save(path.join(dir, 'sub')), { code: 'IO_ERROR' })
  assert.deepEqual(fs.readFileSync(file), old)
  assert.deepEqual(fs.readdirSync(dir).sort(), ['fleet.json', 'sub'])
})

test('corrupted and missing snapshot files', () => {
  const t = contoso()
  const dir = tmp()
  const file = path.join(dir, 'fleet.json')
  const json = t.toJson()
  fs.writeFileSync(file, json.slice(0, json.length / 2))
  assert.throws(() => Tenancy.load(file), { code: 'INVALID_SNAPSHOT', message: /line 1/ })
  fs.writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x41]))
  assert.throws(() => Tenancy.load(file), { code: 'INVALID_SNAPSHOT' })
  const dangling = json.replace('"home":"contoso.onmicrosoft.com"', '"home":"gone.onmicrosoft.com"')
  assert.throws(() => Tenancy.fromJson(dangling), { code: 'INVALID_SNAPSHOT', message: /accounts\[0\]\.home/ })
  assert.throws(() => Tenancy.load(path.join(dir, 'missing.json')), { code: 'IO_ERROR' })
})

test('a Tenancy has a profile; withProfile evaluates the same state under the other rules', () => {
  const classic = new Tenancy({ seed: 1 })
  assert.equal(classic.profile, 'classic')
  classic.createDirectory({ organization: 'Contoso', domainPrefix: 'contoso', admin: 'admin' })
  const admin = 'admin@contoso.onmicrosoft.com'
  classic.addUser({ actor: admin, directory: 'contoso.onmicrosoft.com', user: 'co' })
  const { subscription } = classic.signUpAzure({ actor: admin, offer: 'MS-AZR-0003P' })
  classic.addCoAdministrator({ actor: admin, subscription, account: 'co@contoso.onmicrosoft.com' })

  const current = classic.withProfile('current')
  assert.equal(current.profile, 'current')
  assert.equal(classic.profile, 'classic', 'withProfile returns a new Tenancy')
  assert.deepEqual(
    current.roleAssignments({ subscription }).map((a) => [a.principal, a.role]).sort(),
    [[admin, 'owner'], ['co@contoso.onmicrosoft.com', 'owner']],
  )
  assert.throws(
    () => current.addCoAdministrator({ actor: admin, subscription, account: 'co@contoso.onmicrosoft.com' }),
    { name: 'TenantryError', code: 'CLASSIC_ADMIN_RETIRED', rule: 'R7' },
  )
  const allowed = current.canPerform({
    principal: 'co@contoso.onmicrosoft.com',
    action: 'Microsoft.Authorization/roleAssignments/write',
    scope: `/subscriptions/${subscription}/resourceGroups/web`,
  })
  assert.equal(allowed.allowed, true)
  assert.equal(allowed.role, 'owner')
  // Blocked both ways by default since 1 May 2026.
  assert.deepEqual(current.subscriptionPolicy({ directory: 'contoso.onmicrosoft.com' }), {
    blockLeaving: true,
    blockEntering: true,
    exempted: [],
  })
  assert.deepEqual(current.orphanedSubscriptions({ directory: 'contoso.onmicrosoft.com' }), [])

  const loaded = Tenancy.fromJson(classic.toJson(), { profile: 'current' })
  assert.equal(loaded.profile, 'current')
  assert.equal(new Tenancy({ profile: 'current' }).profile, 'current')
  assert.throws(() => new Tenancy({ profile: 'modern' }), { name: 'TenantryError', code: 'INVALID_NAME' })
  assert.throws(() => classic.withProfile('modern'), { name: 'TenantryError', code: 'INVALID_NAME' })
  assert.throws(() => classic.withProfile(7), TypeError)
})
