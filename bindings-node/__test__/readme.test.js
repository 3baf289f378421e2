'use strict'
// The README's Node quickstart runs as written.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const binding = require('..')

test('README quickstart', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  assert.ok(blocks.length > 0, 'the README has no Node quickstart')
  const lines = []
  const console_ = { log: (...args) => lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')) }
  const require_ = (name) => (name === 'tenantry' ? binding : require(name))
  new Function('require', 'console', blocks.join('\n'))(require_, console_)
  const out = lines.join('\n')
  assert.match(out, /^false NOT_A_USER_OF_TARGET /m)
  assert.match(out, /^SAME_DIRECTORY R6 /m)
  assert.match(out, /would: .*subscriptionMoved/)
})
