// Runs every conformance scenario (FORMAT.md) through the generated Kotlin
// API: each step is dispatched to the method of its name with named
// arguments (`t.signUpAzure(actor = ..., offer = ...)`, `t.plan().addUser(...)`,
// `t.can().assignRole(...)`, `t.whoCanManage(...)`), by Kotlin reflection's
// callBy, never through a generic entry point. Then the boundary checks.
// Prints each scenario, then `N passed, M failed`; exits 1 on any failure.
package tenantry.test

import java.io.File
import java.lang.reflect.InvocationTargetException
import kotlin.reflect.KFunction
import kotlin.reflect.full.instanceParameter
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.memberProperties
import kotlin.system.exitProcess
import tenantry.Effect
import tenantry.Tenancy
import tenantry.TenantryException
import tenantry.nameKeys

const val SEED: ULong = 0x7E4A47UL

class StepFailed(message: String) : Exception(message)

/** The code of any tenantry error, whatever its family. */
val TenantryException.code: String
    get() = when (this) {
        is TenantryException.UnknownReference -> code
        is TenantryException.InvalidInput -> code
        is TenantryException.Refused -> code
        is TenantryException.Io -> code
        is TenantryException.Import -> code
        is TenantryException.Internal -> code
    }

fun camel(name: String): String =
    name.split('_').mapIndexed { i, part -> if (i == 0) part else part.replaceFirstChar { it.uppercase() } }.joinToString("")

fun camelKeys(value: Any?): Any? = when (value) {
    is Map<*, *> -> value.entries.associate { (k, v) -> camel(k as String) to camelKeys(v) }
    is List<*> -> value.map(::camelKeys)
    else -> value
}

val boundName = Regex("""\$([A-Za-z0-9_-]+)""")

/** Replaces each `$name`, the whole string or inside one, with what it is bound to. */
fun substitute(value: Any?, bound: Map<String, String>): Any? = when {
    value is String -> boundName.replace(value) { m ->
        bound[m.groupValues[1]] ?: throw StepFailed("${m.value} is not bound by an earlier step")
    }
    value is Map<*, *> -> value.entries.associate { (k, v) -> k to substitute(v, bound) }
    value is List<*> -> value.map { substitute(it, bound) }
    else -> value
}

/** A result as plain data: records become maps, an effect `{ variant: {...} }`. */
fun plain(value: Any?): Any? = when (value) {
    null, is String, is Boolean, is Long -> value
    is Int -> value.toLong()
    is UInt -> value.toLong()
    is ULong -> value.toLong()
    is List<*> -> value.map(::plain)
    is Effect -> mapOf(value::class.simpleName!!.replaceFirstChar { it.lowercase() } to fields(value))
    else -> fields(value)
}

fun fields(value: Any): Map<String, Any?> =
    value::class.memberProperties.associate { it.name to plain(it.getter.call(value)) }

/** Where names are: core's NAME_KEYS, camelCased as the answers' keys are. */
val nameKeySet: Set<String> = nameKeys().map(::camel).toSet()

/**
 * Objects compare on the keys the expected one names; lists as multisets (or in order);
 * names (strings under NAME_KEYS) ignoring case, other scalars exactly.
 */
fun matches(expected: Any?, actual: Any?, ordered: Boolean = false, names: Boolean = false): Boolean = when (expected) {
    is Map<*, *> -> actual is Map<*, *> && expected.all { (k, v) ->
        if (actual.containsKey(k)) matches(v, actual[k], names = k in nameKeySet) else v == null
    }
    is List<*> -> {
        if (actual !is List<*> || actual.size != expected.size) false
        else if (ordered) expected.indices.all { matches(expected[it], actual[it], names = names) }
        else {
            val unused = actual.toMutableList()
            expected.all { e ->
                val i = unused.indexOfFirst { matches(e, it, names = names) }
                if (i >= 0) { unused.removeAt(i); true } else false
            }
        }
    }
    is String -> if (names && actual is String) expected.equals(actual, ignoreCase = true) else expected == actual
    else -> expected == actual
}

/** Calls the method `name` of `target` with named arguments. */
fun call(target: Any, name: String, args: Map<String, Any?>): Any? {
    val fn: KFunction<*> = target::class.memberFunctions.singleOrNull { it.name == name }
        ?: throw StepFailed("${target::class.simpleName} has no method $name")
    val params = mutableMapOf<kotlin.reflect.KParameter, Any?>(fn.instanceParameter!! to target)
    for ((key, value) in args) {
        val p = fn.parameters.firstOrNull { it.name == key } ?: throw StepFailed("$name has no parameter $key")
        params[p] = value
    }
    try {
        return fn.callBy(params)
    } catch (e: InvocationTargetException) {
        throw e.targetException
    }
}

class Runner(var t: Tenancy) {
    private val bound = mutableMapOf<String, String>()

    /** A `{ "profile": … }` step: the same state under the other rules. */
    fun switchTo(profile: String) {
        val next = t.withProfile(profile)
        t.close()
        t = next
    }

    private fun expectError(code: String, action: () -> Any?) {
        val before = t.toJson()
        try {
            action()
        } catch (e: TenantryException) {
            if (e.code != code) throw StepFailed("expected $code, got ${e.code}: ${e.message}")
            if (t.toJson() != before) throw StepFailed("refused with $code, but the state changed")
            return
        }
        throw StepFailed("expected $code, but it succeeded")
    }

    private fun <T> attempt(action: () -> T): T = try {
        action()
    } catch (e: TenantryException) {
        throw StepFailed("refused with ${e.code}: ${e.message}")
    }

    @Suppress("UNCHECKED_CAST")
    fun step(step: Map<String, Any?>) {
        val args = (camelKeys(substitute(step["args"] ?: emptyMap<String, Any?>(), bound)) as Map<String, Any?>).toMutableMap()
        step["as"]?.let { args["actor"] = it }
        val error = step["error"] as String?

        (step["do"] as String?)?.let { op ->
            if (error != null) return expectError(error) { call(t, camel(op), args) }
            val outcome = attempt { call(t, camel(op), args) } as tenantry.Outcome
            (step["bind"] as String?)?.let { bound[it] = outcome.subscription ?: throw StepFailed("nothing to bind") }
            return
        }

        (step["plan"] as String?)?.let { op ->
            val planner = t.plan()
            if (error != null) return expectError(error) { call(planner, camel(op), args) }
            val before = t.toJson()
            val effects = plain((attempt { call(planner, camel(op), args) } as tenantry.Outcome).effects)
            if (t.toJson() != before) throw StepFailed("the plan changed the state")
            val expected = camelKeys(substitute(step["effects"], bound))
            if (!matches(expected, effects)) throw StepFailed("plan $effects != $expected")
            return
        }

        val query = step["expect"] as String
        val answer = try {
            plain(
                when (query) {
                    "can" -> call(
                        t.can(),
                        camel(args["action"] as String),
                        (args["args"] as Map<String, Any?>? ?: emptyMap()) + ("actor" to args["account"]),
                    )
                    "events" -> t.events()
                    else -> call(t, camel(query), args)
                },
            )
        } catch (e: TenantryException) {
            if (e.code == error) return
            throw StepFailed("query failed with ${e.code}: ${e.message}")
        }
        if (error != null) throw StepFailed("expected $error, but the answer was $answer")
        val expected = camelKeys(substitute(step["equals"], bound))
        if (!matches(expected, answer, ordered = query == "events", names = camel(query) in nameKeySet)) {
            throw StepFailed("$query answered $answer, expected $expected")
        }
    }
}

@Suppress("UNCHECKED_CAST")
fun runScenario(file: File): Pair<String, Int> {
    val doc = Json.parse(file.readText()) as Map<String, Any?>
    val steps = doc["steps"] as List<Map<String, Any?>>
    val runner = Runner(Tenancy(seed = SEED, profile = doc["profile"] as String? ?: "classic"))
    try {
        steps.forEachIndexed { i, step ->
            try {
                val profile = step["profile"] as String?
                if (profile != null) runner.switchTo(profile) else runner.step(step)
            } catch (e: StepFailed) {
                throw StepFailed("step ${i + 1} ${step.toString().take(160)}: ${e.message}")
            }
        }
    } finally {
        runner.t.close()
    }
    return (doc["scenario"] as String) to steps.size
}

fun main(args: Array<String>) {
    val dir = File(args.firstOrNull() ?: "tests/conformance")
    val files = dir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name } ?: emptyList()
    var passed = 0
    var failed = 0
    for (file in files) {
        try {
            val (name, steps) = runScenario(file)
            println("passed  ${file.name}: $name ($steps steps)")
            passed++
        } catch (e: Throwable) {
            println("FAILED  ${file.name}: ${e::class.simpleName}: ${e.message}")
            failed++
        }
    }
    for ((name, check) in boundaryChecks()) {
        try {
            check()
            println("passed  boundary: $name")
            passed++
        } catch (e: Throwable) {
            println("FAILED  boundary: $name: ${e::class.simpleName}: ${e.message}")
            failed++
        }
    }
    println("$passed passed, $failed failed")
    if (failed > 0 || files.size < 15) exitProcess(1)
}
