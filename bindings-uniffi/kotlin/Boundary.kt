// Boundary checks of the Kotlin API: error mapping, default arguments,
// records, lifetimes, threads and snapshots on disk. Behaviour itself is
// tested in Rust and by the shared scenarios.
package tenantry.test

import java.io.File
import java.nio.file.Files
import kotlin.concurrent.thread
import tenantry.Decision
import tenantry.Effect
import tenantry.Tenancy
import tenantry.TenantryException
import tenantry.codes
import tenantry.panicForTests

private const val ADMIN = "admin@contoso.onmicrosoft.com"

private fun check(condition: Boolean, what: () -> String) {
    if (!condition) throw AssertionError(what())
}

private inline fun <reified E : TenantryException> throws(action: () -> Unit): E {
    try {
        action()
    } catch (e: TenantryException) {
        check(e is E) { "expected ${E::class.simpleName}, got ${e::class.simpleName} ${e.code}" }
        return e as E
    }
    throw AssertionError("expected ${E::class.simpleName}, but nothing was thrown")
}

private fun contoso(): Tenancy {
    val t = Tenancy(seed = 1UL)
    t.signUpOffice365(organization = "Contoso", domainPrefix = "contoso", admin = "admin", plan = "Office 365 E3")
    t.createMicrosoftAccount(email = "msmith@hotmail.com")
    return t
}

fun boundaryChecks(): List<Pair<String, () -> Unit>> = listOf(
    "errors are TenantryExceptions by family, with code, rule, detail and hint" to {
        contoso().use { t ->
            val sub = t.signUpAzure(actor = ADMIN, offer = "MS-AZR-0003P").subscription!!
            val refused = throws<TenantryException.Refused> {
                t.changeSubscriptionDirectory(actor = "msa:msmith@hotmail.com", subscription = sub, directory = "contoso.onmicrosoft.com")
            }
            check(refused.code == "REQUIRES_SERVICE_ADMIN" && refused.rule == "R6") { "$refused" }
            check(refused.detail.endsWith("is not the service administrator of subscription $sub.")) { refused.detail }
            check(refused.message!!.contains(refused.detail) && refused.hint.contains("service administrator")) { "${refused.message}" }
            val unknown = throws<TenantryException.UnknownReference> { t.usersOf(directory = "nowhere.onmicrosoft.com") }
            check(unknown.code == "UNKNOWN_DIRECTORY" && unknown.rule == null) { "$unknown" }
            val invalid = throws<TenantryException.InvalidInput> {
                t.createDirectory(organization = "F", domainPrefix = "f-x", admin = "a")
            }
            check(invalid.code == "INVALID_NAME" && invalid.rule == "R1") { "$invalid" }
            throws<TenantryException.InvalidInput> { t.buyOffice365(actor = ADMIN, plan = "Office 365 E1", seats = -1L) }
            // The codes core prints (`cargo run --example codes`), given by tools/test-uniffi.sh.
            val expected = System.getProperty("tenantry.codes").orEmpty().split(' ').filter { it.isNotEmpty() }
            check(expected.isNotEmpty() && codes() == expected) { "Kotlin sees ${codes()}, core lists $expected" }
        }
    },
    "a panic inside core is TenantryException.Internal (INTERNAL), and the JVM lives on" to {
        contoso().use { t ->
            val before = t.toJson()
            repeat(3) {
                val e = throws<TenantryException.Internal> { panicForTests() }
                check(e.code == "INTERNAL" && e.rule == null) { "$e" }
                check(e.detail == "tenantry failed inside: a deliberate panic, for the tests of a binding's error mapping.") { e.detail }
                check(e.hint.contains("bug in tenantry")) { e.hint }
            }
            check(t.toJson() == before) { "the panic changed the state" }
            check(t.can().signUpAzure(actor = ADMIN, offer = "MS-AZR-0003P").allowed) { "the model is unusable after a panic" }
        }
    },
    "moveInventory lists what any move does to the subscription's own objects" to {
        contoso().use { t ->
            val sub = t.signUpAzure(actor = ADMIN, offer = "MS-AZR-0003P").subscription!!
            t.createResource(actor = ADMIN, subscription = sub, resourceGroup = "rg", resourceType = "Microsoft.KeyVault/vaults", name = "kv")
            val rows = t.moveInventory(subscription = sub).map { it.row }
            check(rows == listOf("key_vaults", "secrets_and_certificates", "billing_ownership")) { "$rows" }
        }
    },
    "optional arguments default to null" to {
        contoso().use { t ->
            val a = t.signUpAzure(actor = ADMIN, offer = "MS-AZR-0044P")
            val b = t.signUpAzure(ADMIN, "MS-AZR-0003P", "Named", null)
            check(a.subscription != null && b.subscription != null) { "$a $b" }
            check(t.subscription(subscription = b.subscription!!).name == "Named") { "name" }
            check(t.toJson() == t.toJson(pretty = false)) { "toJson default" }
        }
    },
    "outcomes, plans and decisions are typed records" to {
        contoso().use { t ->
            val out = t.signUpAzure(actor = ADMIN, offer = "MS-AZR-0044P")
            val created = out.effects.single() as Effect.SubscriptionCreated
            check(created.subscription == out.subscription && created.kind == "azure") { "$created" }
            val before = t.toJson()
            val plan = t.plan().signUpAzure(actor = ADMIN, offer = "MS-AZR-0003P")
            check(plan.subscription == null && (plan.effects.single() as Effect.SubscriptionCreated).subscription == "*") { "$plan" }
            check(t.toJson() == before) { "the plan changed the state" }
            val yes: Decision = t.can().signUpAzure(actor = ADMIN, offer = "MS-AZR-0003P")
            check(yes.allowed && yes.rule == "R3" && yes.code == null && yes.hint == null) { "$yes" }
            val no = t.can().buyOffice365(actor = "msa:msmith@hotmail.com", plan = "Office 365 E1")
            check(!no.allowed && no.code == "REQUIRES_GLOBAL_OR_BILLING_ADMIN" && no.hint != null) { "$no" }
            check(t.user(directory = "contoso.onmicrosoft.com", account = "msa:msmith@hotmail.com") == null) { "user" }
            check(t.subscription(subscription = out.subscription!!).owner.user == ADMIN) { "owner" }
            check(t.summary() == "Tenancy(1 directory, 2 accounts, 2 subscriptions, 0 partners, 7 events)") { t.summary() }
        }
    },
    "planners and deciders keep their tenancy alive" to {
        val planner = Tenancy(seed = 3UL).plan()
        System.gc()
        check(planner.createMicrosoftAccount(email = "jo@outlook.com").effects.size == 1) { "planner" }
        planner.close()
    },
    "one tenancy is safe to share between threads" to {
        contoso().use { t ->
            val workers = (0 until 4).map { w ->
                thread { repeat(25) { i -> t.createDirectory(organization = "Org", domainPrefix = "w${w}n$i", admin = "admin") } }
            }
            workers.forEach { it.join() }
            check(t.directories().size == 101) { "${t.directories().size}" }
        }
    },
    "snapshots round-trip, save atomically and refuse bad files" to {
        contoso().use { t ->
            val json = t.toJson()
            Tenancy.fromJson(json).use { back -> check(back.toJson() == json && back.events() == t.events()) { "round trip" } }
            val dir = Files.createTempDirectory("tenantry").toFile()
            val file = File(dir, "fleet.json")
            t.save(path = file.path)
            Tenancy.load(path = file.path).use { check(it.toJson() == json) { "load" } }
            File(dir, "sub").mkdir()
            val io = throws<TenantryException.Io> { t.save(path = File(dir, "sub").path) }
            check(io.code == "IO_ERROR" && file.readText() == json) { "$io" }
            file.writeText(json.substring(0, json.length / 2))
            val bad = throws<TenantryException.InvalidInput> { Tenancy.load(path = file.path) }
            check(bad.code == "INVALID_SNAPSHOT") { "$bad" }
            throws<TenantryException.Io> { Tenancy.load(path = File(dir, "missing.json").path) }
            check(dir.list()!!.sorted() == listOf("fleet.json", "sub")) { "${dir.list()!!.toList()}" }
            dir.deleteRecursively()
        }
    },
    "a tenancy has a profile; withProfile evaluates the same state under the other rules" to {
        contoso().use { classic ->
            check(classic.profile() == "classic") { classic.profile() }
            classic.signUpAzure(actor = "admin@contoso.onmicrosoft.com", offer = "MS-AZR-0003P")
            classic.withProfile(profile = "current").use { current ->
                check(current.profile() == "current" && classic.profile() == "classic") { "profiles" }
                val sub = current.subscriptions().first { it.kind == "azure" }.id
                val owners = current.roleAssignments(subscription = sub).map { it.role }.toSet()
                check(owners == setOf("owner")) { "$owners" }
                val policy = current.subscriptionPolicy(directory = "contoso.onmicrosoft.com")
                check(policy.blockLeaving && policy.blockEntering) { "$policy" }
                val who = current.whoCanManage(subscription = sub)
                val allowed = current.canPerform(
                    principal = who.first().account,
                    action = "Microsoft.Authorization/roleAssignments/write",
                    scope = "/subscriptions/$sub/resourceGroups/web",
                )
                check(allowed.allowed && allowed.role == "owner") { "$allowed" }
            }
        }
        Tenancy(profile = "current").use { check(it.profile() == "current") { it.profile() } }
        val bad = throws<TenantryException.InvalidInput> { Tenancy(profile = "modern") }
        check(bad.code == "INVALID_NAME") { "$bad" }
    },
    "the README's Kotlin quickstart runs" to { readmeQuickstart() },
)
