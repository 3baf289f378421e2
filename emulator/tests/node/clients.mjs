// Runs one call of Microsoft's official Node clients against `tenantry serve`
// and prints its outcome as one JSON line: {"ok": value} or {"error": {...}}.
//
// official-clients.test.mjs starts this file as a child process, because
// Node reads NODE_EXTRA_CA_CERTS (the way a user makes @azure/* trust a
// private CA, shared/emulator/CLIENTS.md §1) only when the process starts,
// and the emulator's CA is known only once the server is up. The clients
// are configured as a user points them at another cloud: authorityHost and
// disableInstanceDiscovery on the credential, endpoint and credentialScopes
// on the ARM clients (and no retries, so that a wrong 5xx fails at once).
//
//   node clients.mjs '{"action": "...", "as": "<upn>", "args": {...}}'
// with TENANTRY_URL, TENANTRY_SECRET and NODE_EXTRA_CA_CERTS in the environment.

import { ClientSecretCredential } from "@azure/identity";
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";

const ARM_SCOPE = "https://management.azure.com/.default";
const url = process.env.TENANTRY_URL;
const request = JSON.parse(process.argv[2]);

function credential() {
  const upn = request.as;
  const tenant = request.tenant ?? upn.split("@")[1];
  const secret = request.secret ?? process.env.TENANTRY_SECRET;
  return new ClientSecretCredential(tenant, upn, secret, {
    authorityHost: url,
    disableInstanceDiscovery: true,
  });
}

const armOptions = () => ({
  endpoint: url,
  credentialScopes: [ARM_SCOPE],
  retryOptions: { maxRetries: 0 },
});

const subscriptions = () => new SubscriptionClient(credential(), armOptions());
const authorization = (subscriptionId) =>
  new AuthorizationManagementClient(credential(), subscriptionId, armOptions());

function claims(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

async function all(iterator) {
  const out = [];
  for await (const item of iterator) out.push(item);
  return out;
}

const assignment = (a) =>
  a && { name: a.name, id: a.id, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, scope: a.scope };

/** Calls `fn(options)` with an `onResponse` option and returns the HTTP status with the result. */
async function withStatus(fn) {
  let status;
  const result = await fn({ onResponse: (raw) => { status = raw.status; } });
  return { status, result };
}

const actions = {
  async token() {
    return claims((await credential().getToken(ARM_SCOPE)).token);
  },
  async listSubscriptions() {
    return (await all(subscriptions().subscriptions.list())).map((s) => ({
      subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId,
    }));
  },
  async getSubscription({ subscriptionId }) {
    const s = await subscriptions().subscriptions.get(subscriptionId);
    return { id: s.id, subscriptionId: s.subscriptionId, displayName: s.displayName, tenantId: s.tenantId, state: s.state };
  },
  async listTenants() {
    return (await all(subscriptions().tenants.list())).map((t) => ({ tenantId: t.tenantId }));
  },
  async listRoleAssignments({ subscriptionId, filter }) {
    return (await all(authorization(subscriptionId).roleAssignments.listForSubscription({ filter }))).map(assignment);
  },
  async createRoleAssignment({ subscriptionId, scope, name, roleDefinitionId, principalId }) {
    const { status, result } = await withStatus((options) =>
      authorization(subscriptionId).roleAssignments.create(
        scope, name, { roleDefinitionId, principalId, principalType: "User" }, options));
    return { status, assignment: assignment(result) };
  },
  async getRoleAssignment({ subscriptionId, scope, name }) {
    return assignment(await authorization(subscriptionId).roleAssignments.get(scope, name));
  },
  async deleteRoleAssignment({ subscriptionId, scope, name }) {
    const { status, result } = await withStatus((options) =>
      authorization(subscriptionId).roleAssignments.delete(scope, name, options));
    return { status, assignment: status === 200 ? assignment(result) : null };
  },
};

try {
  const action = actions[request.action];
  if (!action) throw new Error(`unknown action ${request.action}`);
  process.stdout.write(JSON.stringify({ ok: await action(request.args ?? {}) }) + "\n");
} catch (e) {
  process.stdout.write(JSON.stringify({
    error: { name: e?.name, statusCode: e?.statusCode, code: e?.code, message: String(e?.message ?? e) },
  }) + "\n");
}
