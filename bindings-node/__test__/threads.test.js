// Node threads: worker_threads each with its own Tenancy loaded from the
// same snapshot answer as the main thread does; an import (importTenant,
// on libuv's thread pool) runs while the main thread goes on querying.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const readline = require('node:readline')
const { spawn } = require('node:child_process')
const { Worker } = require('node:worker_threads')
const { Tenancy, importTenant } = require('../index.js')

const ADMIN = 'admin@contoso.onmicrosoft.com'

function model() {
  const t = new Tenancy({ seed: 21, profile: 'current' })
  for (const [organization, domainPrefix] of [['Contoso', 'contoso'], ['Fabrikam', 'fabrikam']]) {
    t.signUpOffice365({ organization, domainPrefix, admin: 'admin', plan: 'Office 365 E3' })
  }
  const sub = t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P' }).subscription
  for (let n = 0; n < 200; n++) {
    t.addUser({ actor: ADMIN, directory: 'contoso.onmicrosoft.com', user: `u${n}` })
    t.assignRole({ actor: ADMIN, subscription: sub, principal: `u${n}@contoso.onmicrosoft.com`, role: 'reader' })
  }
  return { t, sub }
}

// What a thread answers of the snapshot at `file`.
const ASK = `
const { parentPort, workerData } = require('node:worker_threads')
const { Tenancy } = require(workerData.binding)
const t = Tenancy.load(workerData.file)
const answers = []
for (let round = 0; round < workerData.rounds; round++) {
  answers.push({
    managers: t.whoCanManage({ subscription: workerData.sub }),
    assignments: t.roleAssignments({ subscription: workerData.sub }).length,
    can: t.can.assignRole({ actor: workerData.admin, subscription: workerData.sub, principal: workerData.admin, role: 'reader' }).allowed,
    impact: t.moveImpact({ subscription: workerData.sub, directory: 'fabrikam.onmicrosoft.com' }).rows.length,
  })
  // Each worker changes its own copy: the others do not see it.
  t.addUser({ actor: workerData.admin, directory: 'contoso.onmicrosoft.com', user: 'w' + workerData.n + 'r' + round })
}
parentPort.postMessage({ answers, users: t.usersOf({ directory: 'contoso.onmicrosoft.com' }).length })
`

test('worker threads, each with its own Tenancy from one snapshot, answer as the main thread does', async () => {
  const { t, sub } = model()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenantry-threads-'))
  const file = path.join(dir, 'model.json')
  t.save(file)
  const expected = {
    managers: t.whoCanManage({ subscription: sub }),
    assignments: t.roleAssignments({ subscription: sub }).length,
    can: true,
    impact: t.moveImpact({ subscription: sub, directory: 'fabrikam.onmicrosoft.com' }).rows.length,
  }
  const rounds = 20
  const results = await Promise.all(
    Array.from({ length: 4 }, (_, n) =>
      new Promise((resolve, reject) => {
        const w = new Worker(ASK, {
          eval: true,
          workerData: { binding: path.join(__dirname, '..', 'index.js'), file, sub, admin: ADMIN, rounds, n },
        })
        w.once('message', resolve)
        w.once('error', reject)
        w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)))
      }),
    ),
  )
  for (const r of results) {
    assert.equal(r.answers.length, rounds)
    for (const a of r.answers) assert.deepEqual(a, expected)
    assert.equal(r.users, t.usersOf({ directory: 'contoso.onmicrosoft.com' }).length + rounds)
  }
  // The main thread's model is untouched by the workers' changes.
  assert.equal(Tenancy.load(file).usersOf({ directory: 'contoso.onmicrosoft.com' }).length, 201)
})

test('an import runs off the main thread while it goes on querying', async () => {
  const binary =
    process.env.TENANTRY_TEST_SERVER || path.join(__dirname, '..', '..', 'target', 'debug', 'examples', 'test_server')
  const proc = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const lines = readline.createInterface({ input: proc.stdout })
    const server = JSON.parse(await new Promise((resolve) => lines.once('line', resolve)))
    const { t, sub } = model()
    let done = false
    let queries = 0
    const imported = importTenant({ graphUrl: server.url, armUrl: server.url, token: server.token }).finally(() => {
      done = true
    })
    // Query between turns of the event loop until the import settles.
    while (!done) {
      assert.ok(t.whoCanManage({ subscription: sub }).length > 0)
      queries++
      await new Promise((resolve) => setImmediate(resolve))
    }
    const { tenancy, report } = await imported
    assert.deepEqual(report.counts, server.counts)
    assert.equal(tenancy.profile, 'current')
    assert.ok(queries > 1, `the main thread answered ${queries} queries during the import`)
  } finally {
    proc.kill()
  }
})
