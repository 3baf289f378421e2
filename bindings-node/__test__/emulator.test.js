// serve(tenancy): the emulator in-process, answering a real HTTPS client
// that trusts its CA; close() keeps the final state readable.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const https = require('node:https')
const fs = require('node:fs')
const { Tenancy, serve } = require('../index.js')

const ADMIN = 'admin@contoso.onmicrosoft.com'

function request (emu, method, path, { body, token, form } = {}) {
  const url = new URL(emu.url + path)
  const headers = {}
  let data
  if (form) {
    data = new URLSearchParams(form).toString()
    headers['content-type'] = 'application/x-www-form-urlencoded'
  } else if (body) {
    data = JSON.stringify(body)
    headers['content-type'] = 'application/json'
  }
  if (token) headers.authorization = `Bearer ${token}`
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: fs.readFileSync(emu.ca) }, (res) => {
      let text = ''
      res.on('data', (c) => { text += c })
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }))
    })
    req.on('error', reject)
    req.end(data)
  })
}

async function token (emu, account, scope = 'https://management.azure.com/.default') {
  const r = await request(emu, 'POST', '/contoso.onmicrosoft.com/oauth2/v2.0/token', {
    form: { client_id: account, client_secret: emu.secret, grant_type: 'client_credentials', scope }
  })
  assert.equal(r.status, 200, JSON.stringify(r.body))
  return r.body.access_token
}

function contoso () {
  const t = new Tenancy({ seed: 5, profile: 'current' })
  t.signUpOffice365({ organization: 'Contoso', domainPrefix: 'contoso', admin: 'admin', plan: 'Office 365 Business Premium' })
  t.addUser({ actor: ADMIN, directory: 'contoso.onmicrosoft.com', user: 'jane' })
  const sub = t.signUpAzure({ actor: ADMIN, offer: 'MS-AZR-0003P', name: 'Contoso Production' }).subscription
  return { t, sub }
}

test('serve() answers over HTTPS and close() keeps the final state', async () => {
  const { t, sub } = contoso()
  const emu = await serve(t, { secret: 'node-secret' })
  try {
    assert.match(emu.url, /^https:\/\/127\.0\.0\.1:\d+$/)
    assert.equal(emu.secret, 'node-secret')
    const arm = await token(emu, ADMIN)
    const subs = await request(emu, 'GET', '/subscriptions?api-version=2022-12-01', { token: arm })
    assert.deepEqual(subs.body.value.map((s) => s.subscriptionId), [sub])

    const wrong = await request(emu, 'POST', '/contoso.onmicrosoft.com/oauth2/v2.0/token', {
      form: { client_id: ADMIN, client_secret: 'nope', grant_type: 'client_credentials', scope: 'https://management.azure.com/.default' }
    })
    assert.equal(wrong.status, 401)
    assert.match(wrong.body.error_description, /^AADSTS7000215:/)

    const graph = await token(emu, ADMIN, 'https://graph.microsoft.com/.default')
    const jane = await request(emu, 'GET', '/v1.0/users/jane%40contoso.onmicrosoft.com', { token: graph })
    const put = await request(emu, 'PUT',
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/6a8f0e3c-2b7d-4c1e-9f00-0123456789ab?api-version=2022-04-01`, {
        token: arm,
        body: { properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7', principalId: jane.body.id } }
      })
    assert.equal(put.status, 201, JSON.stringify(put.body))
    const denied = await request(emu, 'PUT',
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/7a8f0e3c-2b7d-4c1e-9f00-0123456789ab?api-version=2022-04-01`, {
        token: await token(emu, 'jane@contoso.onmicrosoft.com'),
        body: { properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', principalId: jane.body.id } }
      })
    assert.equal(denied.status, 403)
    assert.equal(denied.body.error.code, 'AuthorizationFailed')
  } finally {
    emu.close()
  }
  assert.equal(emu.running, false)
  emu.close()
  const final = emu.tenancy()
  assert.ok(final.roleAssignments({ subscription: sub }).some((a) => a.principal === 'jane@contoso.onmicrosoft.com' && a.role === 'reader'))
  // The tenancy served was a copy: the original is unchanged.
  assert.ok(!t.roleAssignments({ subscription: sub }).some((a) => a.principal === 'jane@contoso.onmicrosoft.com'))
})

test('serve() refuses bad options with a TypeError or RangeError', () => {
  const { t } = contoso()
  assert.throws(() => serve(t, { secret: '' }), TypeError)
  assert.throws(() => serve(t, { pageSize: 0 }), RangeError)
  assert.throws(() => serve(t, { port: 70000 }), RangeError)
})
