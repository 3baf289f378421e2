#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from the
# project's own fixtures: snapshots that the conformance scenarios and the
# walkthrough build, the scenarios themselves (and the unreadable ones),
# Graph and ARM pages of the documented shapes, and the requests
# Microsoft's clients send (emulator/CLIENTS.md). Needs a built `tenantry`
# ($TENANTRY_BIN, else target/debug/tenantry).
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd .. && pwd)"
bin="${TENANTRY_BIN:-$root/target/debug/tenantry}"
corpus=corpus
mkdir -p "$corpus"/{snapshot,scenario,connect_pages,emulator,operations}

# Snapshots: each passing scenario's final state, and the walkthrough's.
"$bin" walkthrough --out "$corpus/snapshot/walkthrough.json" > /dev/null
for f in "$root"/tests/conformance/*.json; do
    "$bin" scenario "$f" --out "$corpus/snapshot/$(basename "$f")" > /dev/null 2>&1 || true
done
# Scenarios, readable and not.
cp "$root"/tests/conformance/*.json "$root"/tests/invalid-scenarios/*.json "$corpus/scenario/"

# Pages: the first byte picks the type (fuzz_targets/connect_pages.rs).
page() { printf "\\x$(printf %02x "$1")%s" "$2" > "$corpus/connect_pages/$3"; }
page 0 '{"id":"8292fa5b-0e42-487f-8d0f-f90718acbe8e","displayName":"Contoso","verifiedDomains":[{"name":"contoso.onmicrosoft.com","isInitial":true,"isDefault":true}]}' organization
page 1 '{"value":[{"id":"contoso.com","isVerified":true,"isInitial":false}]}' domains
page 2 '{"value":[{"id":"6f1b2e1a-0000-4000-8000-000000000001","userPrincipalName":"admin@contoso.onmicrosoft.com","displayName":"Admin","userType":"Member","identities":[{"signInType":"userPrincipalName","issuer":"contoso.onmicrosoft.com","issuerAssignedId":"admin@contoso.onmicrosoft.com"}]}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=X"}' users
page 3 '{"value":[{"id":"6f1b2e1a-0000-4000-8000-000000000002","displayName":"Ops","securityEnabled":true,"isAssignableToRole":false}]}' groups
page 4 '{"value":[{"@odata.type":"#microsoft.graph.user","id":"6f1b2e1a-0000-4000-8000-000000000001"}]}' members
page 5 '{"value":[{"id":"6f1b2e1a-0000-4000-8000-000000000003","appId":"11111111-2222-3333-4444-555555555555","displayName":"deploy","servicePrincipalType":"Application"}]}' service-principals
page 6 '{"value":[{"id":"6f1b2e1a-0000-4000-8000-000000000004","roleTemplateId":"62e90394-69f5-4237-9190-012177145e10","displayName":"Global Administrator"}]}' directory-roles
page 7 '{"value":[{"skuId":"6fd2c87f-b296-42f0-b197-1e91e994b900","skuPartNumber":"ENTERPRISEPACK","prepaidUnits":{"enabled":25,"suspended":0,"warning":0}}]}' skus
page 9 '{"value":[{"id":"6f1b2e1a-0000-4000-8000-000000000005","@removed":{"reason":"changed"}}],"@odata.deltaLink":"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=Y"}' user-delta
page 12 '{"value":[{"id":"/tenants/8292fa5b-0e42-487f-8d0f-f90718acbe8e","tenantId":"8292fa5b-0e42-487f-8d0f-f90718acbe8e","defaultDomain":"contoso.onmicrosoft.com"}]}' tenants
page 13 '{"value":[{"id":"/subscriptions/290adee7-2efb-4857-a718-d88bfbd1a1a1","subscriptionId":"290adee7-2efb-4857-a718-d88bfbd1a1a1","tenantId":"8292fa5b-0e42-487f-8d0f-f90718acbe8e","displayName":"Pay-As-You-Go","state":"Enabled","subscriptionPolicies":{"quotaId":"PayAsYouGo_2014-09-01"}}],"nextLink":"https://management.azure.com/subscriptions?api-version=2022-12-01&$skiptoken=Z"}' subscriptions
page 17 '{"value":[{"id":"/subscriptions/290adee7-2efb-4857-a718-d88bfbd1a1a1/providers/Microsoft.Authorization/roleAssignments/a","properties":{"principalId":"6f1b2e1a-0000-4000-8000-000000000001","principalType":"User","roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635","scope":"/subscriptions/290adee7-2efb-4857-a718-d88bfbd1a1a1"}}]}' role-assignments
page 19 '{"properties":{"blockSubscriptionsLeavingTenant":true,"blockSubscriptionsIntoTenant":false,"exemptedPrincipals":[]}}' policy
page 20 '{"value":[{"id":"/subscriptions/290adee7-2efb-4857-a718-d88bfbd1a1a1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv","type":"Microsoft.KeyVault/vaults","name":"kv","identity":{"type":"SystemAssigned","principalId":"6f1b2e1a-0000-4000-8000-000000000006"}}]}' resources

# Requests, as text (fuzz_targets/emulator.rs); a leading 1 adds a token.
req() { printf '\001%s' "$1" > "$corpus/emulator/$2"; printf '\000%s' "$1" > "$corpus/emulator/$2-anonymous"; }
req $'GET /subscriptions?api-version=2022-12-01\naccept: application/json\n\n' subscriptions
req $'GET /tenants?api-version=2022-12-01\n\n' tenants
req $'GET /v1.0/users?$top=2&$select=id,userPrincipalName\n\n' users
req $'GET /v1.0/me\n\n' me
req $'GET /.well-known/openid-configuration\n\n' openid
req $'POST /contoso.onmicrosoft.com/oauth2/v2.0/token\ncontent-type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&client_id=admin%40contoso.onmicrosoft.com&client_secret=fuzzing-secret&scope=https%3A%2F%2Fmanagement.azure.com%2F.default' token
req $'PUT /subscriptions/07978a5f-e8d9-4eab-9865-63f099faf05a/providers/Microsoft.Authorization/roleAssignments/0b2b6f76-3c51-4d5e-8a6a-2a6d1f5d2b11?api-version=2022-04-01\ncontent-type: application/json\n\n{"properties":{"roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7","principalId":"00000000-0000-0000-0000-000000000000"}}' put-assignment
req $'GET /subscriptions/../../etc/passwd?api-version=2022-12-01\n\n' traversal
req $'POST /v1.0/users\ncontent-type: application/json\n\n{"displayName":' bad-json

echo "seeded: $(find "$corpus" -type f | wc -l) files"
