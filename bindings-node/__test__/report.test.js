// report from Node: the same page as `tenantry report`, its data core's
// answers, written atomically; a path it cannot write is IO_ERROR.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Tenancy, report } = require('../index.js')

function embedded(page) {
  const found = /<script type="application\/json" id="tenantry-data">([\s\S]*?)<\/script>/.exec(page)
  assert.ok(found, 'the page embeds its data')
  return JSON.parse(found[1])
}

function twoDirectories() {
  const t = new Tenancy({ seed: 3, profile: 'current' })
  for (const [organization, domainPrefix] of [['Contoso', 'contoso'], ['Fabrikam', 'fabrikam']]) {
    t.signUpOffice365({ organization, domainPrefix, admin: 'admin', plan: 'Office 365 E3' })
  }
  const sub = t.signUpAzure({ actor: 'admin@contoso.onmicrosoft.com', offer: 'MS-AZR-0003P', name: 'Production' }).subscription
  t.createResource({ actor: 'admin@contoso.onmicrosoft.com', subscription: sub, resourceGroup: 'apps', resourceType: 'Microsoft.ContainerService/managedClusters', name: 'aks1' })
  return { t, sub }
}

test('report writes the page with core\'s answers', () => {
  const { t, sub } = twoDirectories()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenantry-report-'))
  const out = path.join(dir, 'report.html')
  assert.equal(report(t, out), undefined)
  const page = fs.readFileSync(out, 'utf8')
  assert.ok(page.startsWith('<!DOCTYPE html>'))
  assert.doesNotMatch(page, /(src|href)\s*=\s*["']?(https?:)?\/\//)
  const data = embedded(page)
  assert.deepEqual(data.subscriptions.map((s) => s.id).sort(), t.subscriptions().map((s) => s.id).sort())
  const production = data.subscriptions.find((s) => s.id === sub)
  assert.deepEqual(production.managers, t.whoCanManage({ subscription: sub }))
  assert.deepEqual(production.moves[0].impact.rows, t.moveImpact({ subscription: sub, directory: 'fabrikam.onmicrosoft.com' }).rows)
  assert.ok(production.unrecoverable.includes('Azure Kubernetes Service'))
})

test('report to a path it cannot write throws IO_ERROR and leaves nothing', () => {
  const { t } = twoDirectories()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenantry-report-'))
  assert.throws(() => report(t, path.join(dir, 'no such directory', 'report.html')), (e) => e.code === 'IO_ERROR')
  // The page is written, then the rename over a directory holding a file
  // fails: the temporary file is removed, the directory kept.
  const taken = path.join(dir, 'taken')
  fs.mkdirSync(taken)
  fs.writeFileSync(path.join(taken, 'keep'), 'x')
  assert.throws(() => report(t, taken), (e) => e.code === 'IO_ERROR')
  assert.deepEqual(fs.readdirSync(dir), ['taken'])
  assert.equal(fs.readFileSync(path.join(taken, 'keep'), 'utf8'), 'x')
  assert.throws(() => report(t, 42), TypeError)
  assert.throws(() => report({}, 'x.html'))
})
