// Microsoft's official Node clients (@azure/identity, @azure/arm-resources-subscriptions,
// @azure/arm-authorization), unmodified, against `tenantry serve`.
//
// How the clients come to trust the emulator's CA: Node reads
// NODE_EXTRA_CA_CERTS only when a process starts (shared/emulator/CLIENTS.md
// §1), and the CA exists only once the server is up. So the `before` hook
// starts the server, and each test runs its client call in a child `node`
// process of this same file with NODE_EXTRA_CA_CERTS set and the call in
// TENANTRY_CLIENT_CALL; the child prints {"ok": value} or {"error": {...}}.
// (`tlsOptions: { ca }` is no way round it: @azure/core-rest-pipeline takes
// it, but @azure/identity's sign-in still fails with
// `endpoints_resolution_error`.)
//
// The clients are configured as a user points them at another cloud:
// authorityHost and disableInstanceDiscovery on the credential, endpoint and
// credentialScopes on the ARM clients, and no retries (a wrong 5xx fails at
// once). The tenancy is ../scenarios/contoso-and-fabrikam.json.

import { ClientSecretCredential } from "@azure/identity";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { accessSync, constants, readFileSync } from "node:fs";
import https from "node:https";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ARM_SCOPE = "https://management.azure.com/.default";

if (process.env.TENANTRY_CLIENT_CALL) {
  await clientCall(JSON.parse(process.env.TENANTRY_CLIENT_CALL));
} else {
  await defineTests();
}

// ---------------------------------------------------------------------------
// The child: one client call, its outcome printed as one JSON line.

async function clientCall(call) {
  const url = process.env.TENANTRY_URL;
  const credential = () =>
    new ClientSecretCredential(call.tenant ?? call.as.split("@")[1], call.as, call.secret ?? process.env.TENANTRY_SECRET, {
      authorityHost: url,
      disableInstanceDiscovery: true,
    });
  const armOptions = { endpoint: url, credentialScopes: [ARM_SCOPE], retryOptions: { maxRetries: 0 } };
  const subscriptions = () => new SubscriptionClient(credential(), armOptions);
  const authorization = (subscriptionId) => new AuthorizationManagementClient(credential(), subscriptionId, armOptions);
  const all = async (iterator) => {
    const out = [];
    for await (const item of iterator) out.push(item);
    return out;
  };
  const assignment = (a) =>
    a && { id: a.id, name: a.name, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, scope: a.scope };
  // The HTTP status along with the result, through core-client's onResponse option.
  const withStatus = async (fn) => {
    let status;
    const result = await fn({ onResponse: (raw) => { status = raw.status; } });
    return { status, result };
  };

  const actions = {
    async token() {
      const jwt = (await credential().getToken(ARM_SCOPE)).token;
      return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
    },
    async listTenants() {
      return (await all(subscriptions().tenants.list())).map((t) => t.tenantId);
    },
    async listSubscriptions() {
      return (await all(subscriptions().subscriptions.list())).map((s) => s.subscriptionId);
    },
    async getSubscription({ subscriptionId }) {
      const s = await subscriptions().subscriptions.get(subscriptionId);
      return { id: s.id, subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId, state: s.state };
    },
    async listRoleAssignments({ subscriptionId, filter }) {
      return (await all(authorization(subscriptionId).roleAssignments.listForSubscription({ filter }))).map(assignment);
    },
    async createRoleAssignment({ subscriptionId, scope, name, roleDefinitionId, principalId }) {
      const { status, result } = await withStatus((options) =>
        authorization(subscriptionId).roleAssignments.create(scope, name, { roleDefinitionId, principalId, principalType: "User" }, options));
      return { status, assignment: assignment(result) };
    },
    async deleteRoleAssignment({ subscriptionId, scope, name }) {
      const { status, result } = await withStatus((options) =>
        authorization(subscriptionId).roleAssignments.delete(scope, name, options));
      return { status, assignment: status === 200 ? assignment(result) : null };
    },
  };

  let outcome;
  try {
    outcome = { ok: await actions[call.action](call.args ?? {}) };
  } catch (e) {
    outcome = { error: { name: e?.name, statusCode: e?.statusCode, code: e?.code, message: String(e?.message ?? e) } };
  }
  process.stdout.write(JSON.stringify(outcome) + "\n");
}

// ---------------------------------------------------------------------------
// The tests.

async function defineTests() {
  const { test, before, after, beforeEach } = await import("node:test");
  const assert = (await import("node:assert/strict")).default;

  const here = dirname(fileURLToPath(import.meta.url));
  const repo = resolve(here, "../../..");
  const binary = process.env.TENANTRY_BIN ?? join(repo, "target", "debug", "tenantry");
  const scenario = join(here, "..", "scenarios", "contoso-and-fabrikam.json");
  const SECRET = "tenantry-node-tests-secret";
  const STARTUP_MS = 60_000;

  const ADMIN = "admin@contoso.onmicrosoft.com"; // Global Administrator, Owner of Contoso Production
  const JANE = "jane@contoso.onmicrosoft.com"; // no Azure role
  const READER = "reader@contoso.onmicrosoft.com"; // Reader of Contoso Production
  const FABRIKAM_ADMIN = "admin@fabrikam.onmicrosoft.com";
  const READER_ROLE = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  let server; // { url, ca, process }
  let snapshot;

  // Plumbing: the emulator's own routes, over https trusting its CA.
  function raw(method, path) {
    return new Promise((ok, fail) => {
      const req = https.request(server.url + path, { method, ca: readFileSync(server.ca), agent: false }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => ok({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      });
      req.on("error", fail);
      req.end();
    });
  }

  async function reset() {
    const r = await raw("POST", "/_tenantry/reset");
    assert.ok(r.status >= 200 && r.status < 300, `POST /_tenantry/reset answered ${r.status}: ${r.body}`);
  }

  const tenantId = (domain) => snapshot.directories.find((d) => d.initial_domain === domain).id;
  const subscriptionId = (name) => snapshot.subscriptions.find((s) => s.name === name).id;
  const roleDefinitionId = (sid, guid) => `/subscriptions/${sid}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

  function startServer() {
    try {
      accessSync(binary, constants.X_OK);
    } catch {
      throw new Error(`the tenantry binary is missing: ${binary} does not exist or is not executable. ` +
        "Build it first (`cargo build -p tenantry-cli`) or point TENANTRY_BIN at it.");
    }
    const args = ["serve", "--scenario", scenario, "--port", "0", "--secret", SECRET];
    const proc = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (c) => { stderr = (stderr + c).slice(-8000); });
    return new Promise((ok, fail) => {
      let out = "";
      const give = (why) => {
        clearTimeout(timer);
        proc.kill("SIGKILL");
        fail(new Error(`\`${binary} ${args.join(" ")}\` ${why}. Its stderr:\n${stderr}`));
      };
      const timer = setTimeout(() => give(`printed no line within ${STARTUP_MS / 1000} s`), STARTUP_MS);
      proc.on("exit", (status) => give(`exited with status ${status} before printing its line`));
      proc.stdout.on("data", (c) => {
        out += c;
        const nl = out.indexOf("\n");
        if (nl < 0) return;
        clearTimeout(timer);
        proc.removeAllListeners("exit");
        proc.stdout.removeAllListeners("data");
        proc.stdout.resume(); // drop anything else it prints
        try {
          const { url, ca } = JSON.parse(out.slice(0, nl));
          ok({ url: url.replace(/\/$/, ""), ca, process: proc });
        } catch (e) {
          proc.kill("SIGKILL");
          fail(new Error(`\`tenantry serve\` printed ${JSON.stringify(out.slice(0, nl))}, not {"url", "ca"}: ${e.message}`));
        }
      });
    });
  }

  /** Runs one client call in a child process that trusts the emulator's CA; its {ok} or {error}. */
  function client(action, as, args = {}, extra = {}) {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: server.ca, TENANTRY_URL: server.url, TENANTRY_SECRET: SECRET,
      TENANTRY_CLIENT_CALL: JSON.stringify({ action, as, args, ...extra }) };
    delete env.NODE_TEST_CONTEXT;
    return new Promise((ok, fail) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "", err = "";
      child.stdout.on("data", (c) => { out += c; });
      child.stderr.on("data", (c) => { err += c; });
      child.on("error", fail);
      child.on("close", (status) => {
        try {
          ok(JSON.parse(out.trim().split("\n").pop()));
        } catch {
          fail(new Error(`the client process exited with ${status} and printed ${JSON.stringify(out)}; stderr:\n${err}`));
        }
      });
    });
  }

  async function ok(action, as, args, extra) {
    const r = await client(action, as, args, extra);
    assert.ok(!r.error, `${action} as ${as} failed: ${JSON.stringify(r.error)}`);
    return r.ok;
  }

  async function refused(action, as, args, extra) {
    const r = await client(action, as, args, extra);
    assert.ok(r.error, `${action} as ${as} was expected to fail, got ${JSON.stringify(r.ok)}`);
    return r.error;
  }

  const oid = async (upn) => (await ok("token", upn)).oid;

  function newAssignment(principalId, name = randomUUID()) {
    const sid = subscriptionId("Contoso Production");
    return { subscriptionId: sid, scope: `/subscriptions/${sid}`, name, roleDefinitionId: roleDefinitionId(sid, READER_ROLE), principalId };
  }

  before(async () => {
    server = await startServer();
    snapshot = JSON.parse((await raw("GET", "/_tenantry/snapshot")).body);
  });

  after(async () => {
    if (!server) return;
    const exited = new Promise((done) => server.process.once("exit", done));
    server.process.kill("SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
    server.process.kill("SIGKILL");
  });

  beforeEach(async () => {
    if (server) await reset();
  });

  // Sign-in

  test("sign-in gives a token naming the tenant and the account", async () => {
    const claims = await ok("token", ADMIN);
    assert.deepEqual([claims.tid, claims.upn.toLowerCase(), claims.aud], [tenantId("contoso.onmicrosoft.com"), ADMIN, "https://management.azure.com"]);
  });

  test("sign-in with a wrong secret is refused with AADSTS7000215", async () => {
    const e = await refused("token", ADMIN, {}, { secret: "not-the-secret" });
    assert.match(e.message, /AADSTS7000215/);
  });

  // Subscriptions

  test("the Owner lists Contoso's subscription, and only it", async () => {
    assert.deepEqual(await ok("listSubscriptions", ADMIN), [subscriptionId("Contoso Production")]);
  });

  test("Fabrikam's admin lists Fabrikam's subscription, and only it", async () => {
    assert.deepEqual(await ok("listSubscriptions", FABRIKAM_ADMIN), [subscriptionId("Fabrikam Production")]);
  });

  test("tenants are the directory signed in to", async () => {
    assert.deepEqual(await ok("listTenants", ADMIN), [tenantId("contoso.onmicrosoft.com")]);
  });

  test("a subscription is got by id", async () => {
    const sid = subscriptionId("Contoso Production");
    assert.deepEqual(await ok("getSubscription", ADMIN, { subscriptionId: sid }), {
      id: `/subscriptions/${sid}`, subscriptionId: sid, displayName: "Contoso Production",
      tenantId: tenantId("contoso.onmicrosoft.com"), state: "Enabled",
    });
  });

  test("an unknown subscription is 404 SubscriptionNotFound", async () => {
    const e = await refused("getSubscription", ADMIN, { subscriptionId: randomUUID() });
    assert.deepEqual([e.name, e.statusCode, e.code], ["RestError", 404, "SubscriptionNotFound"]);
  });

  // Role assignments

  test("creating a role assignment answers 201 with it", async () => {
    const wanted = newAssignment(await oid(JANE));
    const { status, assignment } = await ok("createRoleAssignment", ADMIN, wanted);
    assert.deepEqual([status, assignment.name, assignment.principalId, assignment.scope],
      [201, wanted.name, wanted.principalId, wanted.scope]);
  });

  test("a created role assignment is listed", async () => {
    const wanted = newAssignment(await oid(JANE));
    await ok("createRoleAssignment", ADMIN, wanted);
    const listed = await ok("listRoleAssignments", ADMIN, { subscriptionId: wanted.subscriptionId, filter: `principalId eq '${wanted.principalId}'` });
    assert.deepEqual(listed.map((a) => a.name), [wanted.name]);
  });

  test("deleting a role assignment answers 200 with it, then 204", async () => {
    const wanted = newAssignment(await oid(JANE));
    await ok("createRoleAssignment", ADMIN, wanted);
    const first = await ok("deleteRoleAssignment", ADMIN, wanted);
    const second = await ok("deleteRoleAssignment", ADMIN, wanted);
    assert.deepEqual([first.status, first.assignment.name, second.status, second.assignment], [200, wanted.name, 204, null]);
  });

  test("a Reader may not assign roles: RestError 403 AuthorizationFailed", async () => {
    const e = await refused("createRoleAssignment", READER, newAssignment(await oid(JANE)));
    assert.deepEqual([e.name, e.statusCode, e.code], ["RestError", 403, "AuthorizationFailed"]);
  });

  test("an assignment to an unknown principal is 400 PrincipalNotFound", async () => {
    const e = await refused("createRoleAssignment", ADMIN, newAssignment(randomUUID()));
    assert.deepEqual([e.name, e.statusCode, e.code], ["RestError", 400, "PrincipalNotFound"]);
  });
}
