'use strict'
// Every scenario in tests/conformance (the copies of shared/conformance and
// our own) passes through the Node API; refusals leave toJson() unchanged.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { run, scenarioFiles, StepFailed } = require('./scenarios')

test('the scenarios are there', () => {
  const names = scenarioFiles().map((f) => path.basename(f))
  assert.ok(names.length >= 15)
  assert.ok(names.includes('seed002-manage-two-independent-directories.json'))
})

for (const file of scenarioFiles()) {
  test(`scenario ${path.basename(file, '.json')}`, () => {
    assert.ok(run(file) > 0)
  })
}

test('the runner catches a wrong expectation', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenantry-')), 'bad.json')
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 1,
      scenario: 'x',
      steps: [
        { do: 'create_microsoft_account', args: { email: 'jo@outlook.com' } },
        { do: 'create_microsoft_account', args: { email: 'jo@outlook.com' }, error: 'INVALID_NAME' },
      ],
    }),
  )
  assert.throws(() => run(file), (e) => e instanceof StepFailed && /expected INVALID_NAME, got USER_EXISTS/.test(e.message))
})
