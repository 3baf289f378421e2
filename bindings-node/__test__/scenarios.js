'use strict'
// A small runner for the conformance scenarios (FORMAT.md) that drives the
// idiomatic Node API: every step is dispatched to the camelCase method of
// its name (`t.signUpAzure({...})`, `t.plan.addUser({...})`,
// `t.can.assignRole({...})`, `t.whoCanManage({...})`), never to a generic
// entry point. FORMAT.md's keys become camelCase; values stay as written.

const fs = require('node:fs')
const path = require('node:path')
const { Tenancy, TenantryError, NAME_KEYS } = require('..')

const SCENARIO_DIR = path.join(__dirname, '..', '..', 'tests', 'conformance')
const SEED = 0x7e4a47

class StepFailed extends Error {}

const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]))
  }
  return value
}

// Replaces each `$name`, the whole string or inside one
// (`/subscriptions/$azure/resourceGroups/web`), with what it is bound to.
function substitute(value, bound) {
  if (typeof value === 'string') {
    return value.replace(/\$([A-Za-z0-9_-]+)/g, (whole, name) => {
      if (!(name in bound)) throw new StepFailed(`${whole} is not bound by an earlier step`)
      return bound[name]
    })
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, bound))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, bound)]))
  }
  return value
}

// Where names are (core's NAME_KEYS, camelCased as the answers' keys are).
const nameKeys = new Set(NAME_KEYS.map(camel))

// Objects compare on the keys the expected one names; lists as multisets
// (or in order); names (strings under NAME_KEYS) ignoring case, other
// scalars exactly.
function matches(expected, actual, ordered = false, names = false) {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false
    if (ordered) return expected.every((e, i) => matches(e, actual[i], false, names))
    const unused = [...actual]
    return expected.every((e) => {
      const i = unused.findIndex((a) => matches(e, a, false, names))
      if (i < 0) return false
      unused.splice(i, 1)
      return true
    })
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false
    return Object.entries(expected).every(([k, v]) =>
      k in actual ? matches(v, actual[k], false, nameKeys.has(k)) : v === null,
    )
  }
  if (names && typeof expected === 'string' && typeof actual === 'string') {
    return expected.toLowerCase() === actual.toLowerCase()
  }
  return expected === actual
}

function expectError(code, call, t) {
  const before = t.toJson()
  try {
    call()
  } catch (e) {
    if (!(e instanceof TenantryError)) throw e
    if (e.code !== code) throw new StepFailed(`expected ${code}, got ${e.code}: ${e.message}`)
    if (t.toJson() !== before) throw new StepFailed(`refused with ${code}, but the state changed`)
    return
  }
  throw new StepFailed(`expected ${code}, but it succeeded`)
}

function attempt(call) {
  try {
    return call()
  } catch (e) {
    if (e instanceof TenantryError) throw new StepFailed(`refused with ${e.code}: ${e.message}`)
    throw e
  }
}

function runStep(t, step, bound) {
  const args = camelKeys(substitute(step.args ?? {}, bound))
  if ('as' in step) args.actor = step.as
  const error = step.error

  if ('do' in step) {
    const method = t[camel(step.do)].bind(t)
    if (error) return expectError(error, () => method(args), t)
    const outcome = attempt(() => method(args))
    if ('bind' in step) {
      if (!outcome.subscription) throw new StepFailed('nothing to bind')
      bound[step.bind] = outcome.subscription
    }
    return
  }

  if ('plan' in step) {
    const plan = t.plan
    const method = plan[camel(step.plan)].bind(plan)
    if (error) return expectError(error, () => method(args), t)
    const before = t.toJson()
    const { effects } = attempt(() => method(args))
    if (t.toJson() !== before) throw new StepFailed('the plan changed the state')
    const expected = camelKeys(substitute(step.effects, bound))
    if (!matches(expected, effects)) {
      throw new StepFailed(`plan ${JSON.stringify(effects)} != ${JSON.stringify(expected)}`)
    }
    return
  }

  const query = step.expect
  let answer
  try {
    if (query === 'can') {
      const can = t.can
      answer = can[camel(args.action)]({ actor: args.account, ...(args.args ?? {}) })
    } else if (query === 'events') {
      answer = t.events()
    } else {
      answer = t[camel(query)](args)
    }
  } catch (e) {
    if (e instanceof TenantryError && e.code === error) return
    if (e instanceof TenantryError) throw new StepFailed(`query failed with ${e.code}: ${e.message}`)
    throw e
  }
  if (error) throw new StepFailed(`expected ${error}, but the answer was ${JSON.stringify(answer)}`)
  const expected = camelKeys(substitute(step.equals, bound))
  if (!matches(expected, answer, query === 'events', nameKeys.has(camel(query)))) {
    throw new StepFailed(`${query} answered ${JSON.stringify(answer)}, expected ${JSON.stringify(expected)}`)
  }
}

// Runs one scenario file; returns the number of steps run.
function run(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'))
  let t = new Tenancy({ seed: SEED, profile: doc.profile ?? 'classic' })
  const bound = {}
  doc.steps.forEach((step, i) => {
    try {
      if ('profile' in step) {
        t = t.withProfile(step.profile)
        return
      }
      runStep(t, step, bound)
    } catch (e) {
      if (e instanceof StepFailed) {
        throw new StepFailed(`${path.basename(file)} step ${i + 1} ${JSON.stringify(step).slice(0, 160)}: ${e.message}`)
      }
      throw e
    }
  })
  return doc.steps.length
}

function scenarioFiles() {
  return fs
    .readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(SCENARIO_DIR, f))
}

module.exports = { run, scenarioFiles, matches, camel, camelKeys, StepFailed }
