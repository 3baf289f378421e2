"""Microsoft's official Python clients, unmodified, against `tenantry serve`.

Every client is configured the way a user points it at another cloud
(shared/emulator/CLIENTS.md): azure-identity with `authority=`,
`disable_instance_discovery=True` and `connection_verify=`; the ARM
clients with `base_url=`, `credential_scopes=` and `connection_verify=`
(and `retry_total=0`, so that a wrong 5xx fails at once); msgraph-sdk with
a kiota adapter whose httpx client trusts the emulator's CA. Raw HTTPS
requests (conftest's `Server.request`) are used only where no client can
say it: a missing or foreign token, the emulator's error bodies.

The tenancy is emulator/tests/scenarios/contoso-and-fabrikam.json (fixtures
`contoso` and `paged`) and, for classic administrators,
tests/conformance/seed000-office365-users-sign-up-for-azure.json (`classic`).
"""

from __future__ import annotations

import asyncio
import base64
import json
import signal
import ssl
import time
import uuid
from typing import Any, Awaitable, Callable, Optional

import httpx
import pytest
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceExistsError,
    ResourceNotFoundError,
)
from azure.identity import ClientSecretCredential
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.authorization.v2022_04_01.models import RoleAssignmentCreateParameters
from azure.mgmt.resource.subscriptions import SubscriptionClient
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_authentication_azure.azure_identity_authentication_provider import (
    AzureIdentityAuthenticationProvider,
)
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.directory_role import DirectoryRole
from msgraph.generated.models.group import Group
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.password_profile import PasswordProfile
from msgraph.generated.models.user import User
from msgraph.generated.users.users_request_builder import UsersRequestBuilder
from msgraph_core import GraphClientFactory
from msgraph_core.tasks.page_iterator import PageIterator

# The scenario's accounts ----------------------------------------------------

CONTOSO = "contoso.onmicrosoft.com"
FABRIKAM = "fabrikam.onmicrosoft.com"
ADMIN = "admin@contoso.onmicrosoft.com"  # Global Administrator, Owner of Contoso Production
JANE = "jane@contoso.onmicrosoft.com"  # no Azure role
JOHN = "john@contoso.onmicrosoft.com"  # the custom role "Contoso VM Operator"
TRICIA = "tricia@contoso.onmicrosoft.com"  # member of Operators
OPS = "ops@contoso.onmicrosoft.com"  # member of Operators (Contributor through it)
DEV = "dev@contoso.onmicrosoft.com"  # Contributor on resource group "web"
READER = "reader@contoso.onmicrosoft.com"  # Reader of Contoso Production, nothing more
FABRIKAM_ADMIN = "admin@fabrikam.onmicrosoft.com"
FINN = "finn@fabrikam.onmicrosoft.com"

CONTOSO_USERS = {ADMIN, JANE, JOHN, TRICIA, OPS, DEV, READER}
FABRIKAM_USERS = {FABRIKAM_ADMIN, FINN}
CONTOSO_SUBSCRIPTION = "Contoso Production"
FABRIKAM_SUBSCRIPTION = "Fabrikam Production"
GROUP = "Operators"
SERVICE_PRINCIPAL = "Deployer"
CUSTOM_ROLE = "Contoso VM Operator"
RESOURCE_GROUP = "web"

# Built-in role definition ids (the same in every tenant).
OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
READER_ROLE = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
USER_ACCESS_ADMINISTRATOR = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
GLOBAL_ADMINISTRATOR_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10"
O365_BUSINESS_PREMIUM = uuid.UUID("f245ecc8-75af-4f8e-b61f-27d8114de5f3")

ARM_SCOPE = "https://management.azure.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
ARM_API = "2022-12-01"

# Clients, built as a user would ---------------------------------------------


def directory_of(upn: str) -> str:
    return upn.split("@", 1)[1]


def credential(server, upn: str, *, tenant: Optional[str] = None, secret: Optional[str] = None) -> ClientSecretCredential:
    """Client credentials: client_id = the account's sign-in name, client_secret = the emulator's secret."""
    return ClientSecretCredential(
        tenant_id=tenant or directory_of(upn),
        client_id=upn,
        client_secret=server.secret if secret is None else secret,
        authority=server.url,
        disable_instance_discovery=True,
        connection_verify=server.ca,
    )


def arm_options(server) -> dict[str, Any]:
    return dict(
        base_url=server.url,
        credential_scopes=[ARM_SCOPE],
        connection_verify=server.ca,
        retry_total=0,
    )


def subscriptions(server, upn: str) -> SubscriptionClient:
    return SubscriptionClient(credential(server, upn), **arm_options(server))


def authorization(server, upn: str, subscription_id: str) -> AuthorizationManagementClient:
    return AuthorizationManagementClient(credential(server, upn), subscription_id, **arm_options(server))


def graph(server, upn: str, call: Callable[[GraphServiceClient], Awaitable[Any]]) -> Any:
    """Runs `await call(client)` with a Graph client signed in as `upn`, on a fresh event loop."""

    async def run():
        auth = AzureIdentityAuthenticationProvider(credential(server, upn), scopes=[GRAPH_SCOPE])
        http = GraphClientFactory.create_with_default_middleware(
            client=httpx.AsyncClient(verify=ssl.create_default_context(cafile=server.ca), http2=True)
        )
        adapter = GraphRequestAdapter(auth, client=http)
        adapter.base_url = server.url + "/v1.0"
        try:
            return await call(GraphServiceClient(request_adapter=adapter))
        finally:
            await http.aclose()

    return asyncio.run(run())


def users_query(**query) -> RequestConfiguration:
    return RequestConfiguration(query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(**query))


async def every_user(client: GraphServiceClient, **query) -> list[User]:
    """All users, page after page, through msgraph-core's PageIterator."""
    first = await client.users.get(users_query(**query) if query else None)
    users: list[User] = []

    def keep(user: User) -> bool:
        users.append(user)
        return True  # PageIterator stops at the first falsy answer

    await PageIterator(first, client.request_adapter).iterate(keep)
    return users


def token(server, upn: str, scope: str = ARM_SCOPE, **kw) -> str:
    return credential(server, upn, **kw).get_token(scope).token


def claims(jwt: str) -> dict[str, Any]:
    """A JWT's payload, decoded without checking its signature (as tooling does)."""
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


_oids: dict[tuple[str, str], str] = {}


def oid(server, upn: str) -> str:
    """An account's object id in its directory, from its token (tooling reads `oid`)."""
    key = (server.url, upn.lower())
    if key not in _oids:
        _oids[key] = claims(token(server, upn))["oid"]
    return _oids[key]


def group_id(server, name: str) -> str:
    groups = graph(server, ADMIN, lambda g: g.groups.get())
    ids = [x.id for x in groups.value if x.display_name == name]
    assert len(ids) == 1, f"expected one group named {name}, found {ids}"
    return ids[0]


def role_guid(role_definition_id: str) -> str:
    return role_definition_id.rstrip("/").rsplit("/", 1)[-1].lower()


def role_definition_id(subscription_id: str, guid: str) -> str:
    return f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{guid}"


def triples(assignments) -> set[tuple[str, str, str]]:
    """(principal id, role definition guid, scope), lowercased: what an assignment grants."""
    return {(a.principal_id.lower(), role_guid(a.role_definition_id), a.scope.lower()) for a in assignments}


def custom_role_guid(server, subscription_id: str) -> str:
    client = authorization(server, ADMIN, subscription_id)
    found = list(client.role_definitions.list(f"/subscriptions/{subscription_id}", filter=f"roleName eq '{CUSTOM_ROLE}'"))
    assert len(found) == 1, f"expected the custom role {CUSTOM_ROLE}, found {[r.role_name for r in found]}"
    return found[0].name.lower()


def scenario_assignments(server) -> set[tuple[str, str, str]]:
    """The role assignments the scenario made on Contoso Production."""
    sid = server.subscription_id(CONTOSO_SUBSCRIPTION)
    sub = f"/subscriptions/{sid}".lower()
    return {
        (oid(server, ADMIN).lower(), OWNER, sub),
        (oid(server, READER).lower(), READER_ROLE, sub),
        (group_id(server, GROUP).lower(), CONTRIBUTOR, sub),
        (oid(server, DEV).lower(), CONTRIBUTOR, f"{sub}/resourcegroups/{RESOURCE_GROUP}"),
        (oid(server, JOHN).lower(), custom_role_guid(server, sid), sub),
    }


def new_assignment(
    subscription_id: str, principal_id: str, role: str = READER_ROLE, principal_type: str = "User"
) -> RoleAssignmentCreateParameters:
    return RoleAssignmentCreateParameters(
        role_definition_id=role_definition_id(subscription_id, role),
        principal_id=principal_id,
        principal_type=principal_type,
    )


def with_status(pipeline_response, deserialized, headers):
    """A `cls=` callback: the HTTP status along with the model."""
    return pipeline_response.http_response.status_code, deserialized


def arm_error(e: pytest.ExceptionInfo) -> tuple[int, Optional[str]]:
    err = e.value
    return err.status_code, err.error.code if err.error is not None else None


def graph_error(e: pytest.ExceptionInfo) -> tuple[int, Optional[str]]:
    err = e.value
    return err.response_status_code, err.error.code if err.error is not None else None


def json_error(response) -> dict:
    """The `{"error": {"code", "message"}}` body of an ARM or Graph refusal."""
    assert (response.header("Content-Type") or "").startswith("application/json"), response.headers
    body = response.json()
    assert isinstance(body.get("error"), dict), body
    assert isinstance(body["error"].get("code"), str) and isinstance(body["error"].get("message"), str), body
    return body["error"]


# Sign-in (azure-identity / msal) ---------------------------------------------


def test_sign_in_gives_a_bearer_token(contoso):
    assert token(contoso, ADMIN).count(".") == 2


def test_sign_in_accepts_the_tenant_guid(contoso):
    tid = contoso.tenant_id(CONTOSO)
    assert claims(token(contoso, ADMIN, tenant=tid))["tid"] == tid


def test_sign_in_with_a_wrong_secret_is_refused_with_aadsts7000215(contoso):
    with pytest.raises(ClientAuthenticationError) as e:
        token(contoso, ADMIN, secret="not-the-secret")
    assert "AADSTS7000215" in str(e.value)


def test_sign_in_to_a_directory_one_is_not_a_user_of_is_refused_with_aadsts700016(contoso):
    with pytest.raises(ClientAuthenticationError) as e:
        token(contoso, FABRIKAM_ADMIN, tenant=CONTOSO)
    assert "AADSTS700016" in str(e.value)


def test_sign_in_to_an_unknown_tenant_is_refused(contoso):
    with pytest.raises(ClientAuthenticationError):
        token(contoso, ADMIN, tenant="nowhere.onmicrosoft.com")


def test_openid_configuration_of_an_unknown_tenant_is_invalid_tenant_aadsts90002(contoso):
    r = contoso.request("GET", "/nowhere.onmicrosoft.com/v2.0/.well-known/openid-configuration")
    assert (r.status, r.json()["error"], "AADSTS90002" in r.json()["error_description"]) == (400, "invalid_tenant", True)


def test_openid_configuration_points_at_the_emulator(contoso):
    config = contoso.request("GET", f"/{CONTOSO}/v2.0/.well-known/openid-configuration").json()
    endpoints = [config["token_endpoint"], config["authorization_endpoint"]]
    assert all(e.startswith(contoso.url + "/") for e in endpoints), config


# The token's claims -----------------------------------------------------------


def test_token_names_the_tenant_and_the_account(contoso):
    c = claims(token(contoso, ADMIN))
    assert (c["tid"], c["upn"].lower()) == (contoso.tenant_id(CONTOSO), ADMIN)


def test_arm_token_has_the_sts_issuer_and_the_arm_audience(contoso):
    c = claims(token(contoso, ADMIN))
    assert (c["iss"], c["aud"]) == (f"https://sts.windows.net/{c['tid']}/", "https://management.azure.com")


def test_graph_token_has_the_graph_audience(contoso):
    assert claims(token(contoso, ADMIN, GRAPH_SCOPE))["aud"] == "https://graph.microsoft.com"


def test_token_oid_is_the_graph_user_id(contoso):
    me = graph(contoso, ADMIN, lambda g: g.users.by_user_id(ADMIN).get())
    assert claims(token(contoso, ADMIN))["oid"] == me.id


def test_token_expires_in_about_an_hour(contoso):
    left = claims(token(contoso, ADMIN))["exp"] - time.time()
    assert 3000 < left <= 3700


# Microsoft Graph: users -------------------------------------------------------


def test_graph_users_across_pages_are_the_scenarios_users(paged):
    users = graph(paged, ADMIN, every_user)
    assert {u.user_principal_name.lower() for u in users} == CONTOSO_USERS == paged.users_of(CONTOSO)


def test_graph_users_page_holds_the_page_size_and_links_to_the_next(paged):
    first = graph(paged, ADMIN, lambda g: g.users.get())
    assert (len(first.value), first.odata_next_link.startswith(paged.url + "/")) == (2, True)


def test_graph_users_paging_keeps_top_and_select(paged):
    users = graph(paged, ADMIN, lambda g: every_user(g, top=3, select=["id", "userPrincipalName"]))
    assert ({u.user_principal_name.lower() for u in users}, {u.display_name for u in users}) == (CONTOSO_USERS, {None})


def test_graph_users_unpaged_come_in_one_page(contoso):
    page = graph(contoso, ADMIN, lambda g: g.users.get())
    assert ({u.user_principal_name.lower() for u in page.value}, page.odata_next_link) == (CONTOSO_USERS, None)


def test_graph_select_returns_only_the_selected_fields(contoso):
    page = graph(contoso, ADMIN, lambda g: g.users.get(users_query(select=["id", "displayName"])))
    assert all(u.id and u.display_name and u.user_principal_name is None for u in page.value)


def test_graph_filter_by_user_principal_name(contoso):
    page = graph(contoso, ADMIN, lambda g: g.users.get(users_query(filter=f"userPrincipalName eq '{JANE}'")))
    assert [(u.user_principal_name.lower(), u.display_name) for u in page.value] == [(JANE, "Jane Doe")]


def test_graph_filter_startswith_display_name(contoso):
    page = graph(contoso, ADMIN, lambda g: g.users.get(users_query(filter="startswith(displayName,'J')")))
    assert {u.display_name for u in page.value} == {"Jane Doe", "John Smith"}


def test_graph_user_by_user_principal_name(contoso):
    # kiota sends /v1.0/users/jane%40contoso.onmicrosoft.com
    user = graph(contoso, ADMIN, lambda g: g.users.by_user_id(JANE).get())
    assert (user.user_principal_name.lower(), user.display_name, user.user_type) == (JANE, "Jane Doe", "Member")


def test_graph_user_by_object_id(contoso):
    jane = graph(contoso, ADMIN, lambda g: g.users.by_user_id(JANE).get())
    again = graph(contoso, ADMIN, lambda g: g.users.by_user_id(jane.id).get())
    assert (again.id, again.user_principal_name.lower()) == (jane.id, JANE)


def test_graph_user_ids_are_the_arm_principal_ids(contoso):
    user = graph(contoso, ADMIN, lambda g: g.users.by_user_id(READER).get())
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = authorization(contoso, ADMIN, sid).role_assignments.list_for_subscription(filter=f"principalId eq '{user.id}'")
    assert [role_guid(a.role_definition_id) for a in found] == [READER_ROLE]


def test_graph_unknown_user_is_404_request_resource_not_found(contoso):
    with pytest.raises(ODataError) as e:
        graph(contoso, ADMIN, lambda g: g.users.by_user_id("nobody@contoso.onmicrosoft.com").get())
    assert graph_error(e) == (404, "Request_ResourceNotFound")


def test_graph_top_above_999_is_400_request_unsupported_query(contoso):
    with pytest.raises(ODataError) as e:
        graph(contoso, ADMIN, lambda g: g.users.get(users_query(top=1000)))
    assert graph_error(e) == (400, "Request_UnsupportedQuery")


def test_graph_token_of_fabrikam_reads_fabrikam(contoso):
    page = graph(contoso, FABRIKAM_ADMIN, lambda g: g.users.get())
    assert {u.user_principal_name.lower() for u in page.value} == FABRIKAM_USERS


def test_graph_create_user(fresh_contoso):
    new = "nina@contoso.onmicrosoft.com"
    body = User(
        account_enabled=True,
        display_name="Nina New",
        mail_nickname="nina",
        user_principal_name=new,
        password_profile=PasswordProfile(force_change_password_next_sign_in=True, password="Tenantry-1234!"),
    )
    created = graph(fresh_contoso, ADMIN, lambda g: g.users.post(body))
    fetched = graph(fresh_contoso, ADMIN, lambda g: g.users.by_user_id(new).get())
    assert (fetched.id, fetched.user_principal_name.lower(), fetched.display_name) == (created.id, new, "Nina New")


def test_graph_create_user_by_a_plain_user_is_403_authorization_request_denied(fresh_contoso):
    body = User(account_enabled=True, display_name="Mallory", mail_nickname="mallory",
                user_principal_name="mallory@contoso.onmicrosoft.com",
                password_profile=PasswordProfile(password="Tenantry-1234!"))
    with pytest.raises(ODataError) as e:
        graph(fresh_contoso, READER, lambda g: g.users.post(body))
    assert graph_error(e) == (403, "Authorization_RequestDenied")


# Microsoft Graph: groups, service principals, memberships --------------------


def test_graph_member_of_lists_the_users_group(contoso):
    page = graph(contoso, ADMIN, lambda g: g.users.by_user_id(OPS).member_of.get())
    assert [x.display_name for x in page.value if isinstance(x, Group)] == [GROUP]


def test_graph_member_of_lists_the_admins_directory_role(contoso):
    page = graph(contoso, ADMIN, lambda g: g.users.by_user_id(ADMIN).member_of.get())
    roles = [x for x in page.value if isinstance(x, DirectoryRole)]
    assert [(r.display_name, r.role_template_id) for r in roles] == [("Global Administrator", GLOBAL_ADMINISTRATOR_TEMPLATE)]


def test_graph_group_members_are_users(contoso):
    gid = group_id(contoso, GROUP)
    page = graph(contoso, ADMIN, lambda g: g.groups.by_group_id(gid).members.get())
    assert {x.user_principal_name.lower() for x in page.value if isinstance(x, User)} == {OPS, TRICIA}


def test_graph_service_principals(contoso):
    page = graph(contoso, ADMIN, lambda g: g.service_principals.get())
    assert SERVICE_PRINCIPAL in {sp.display_name for sp in page.value}


# Microsoft Graph: the organization -------------------------------------------


def test_graph_organization_id_is_the_tenant_id(contoso):
    page = graph(contoso, ADMIN, lambda g: g.organization.get())
    assert [(o.id, o.display_name) for o in page.value] == [(contoso.tenant_id(CONTOSO), "Contoso")]


def test_graph_organization_verified_domains(contoso):
    org = graph(contoso, ADMIN, lambda g: g.organization.get()).value[0]
    assert {(d.name, bool(d.is_initial)) for d in org.verified_domains} == {(CONTOSO, True), ("contoso.com", False)}


def test_graph_domains(contoso):
    page = graph(contoso, ADMIN, lambda g: g.domains.get())
    assert {(d.id, bool(d.is_initial)) for d in page.value} == {(CONTOSO, True), ("contoso.com", False)}


def test_graph_directory_roles_list_the_global_administrator(contoso):
    page = graph(contoso, ADMIN, lambda g: g.directory_roles.get())
    assert GLOBAL_ADMINISTRATOR_TEMPLATE in {r.role_template_id for r in page.value}


def test_graph_directory_role_members_are_users(contoso):
    async def members(g: GraphServiceClient):
        roles = await g.directory_roles.get()
        ga = next(r for r in roles.value if r.role_template_id == GLOBAL_ADMINISTRATOR_TEMPLATE)
        return await g.directory_roles.by_directory_role_id(ga.id).members.get()

    page = graph(contoso, ADMIN, members)
    assert [(type(x), x.user_principal_name.lower()) for x in page.value] == [(User, ADMIN)]


def test_graph_subscribed_skus_of_office_365_business_premium(classic):
    page = graph(classic, ADMIN, lambda g: g.subscribed_skus.get())
    skus = [(s.sku_part_number, s.sku_id, s.prepaid_units.enabled) for s in page.value]
    assert skus == [("O365_BUSINESS_PREMIUM", O365_BUSINESS_PREMIUM, 25)]


def test_graph_directory_subscriptions_of_office_365_business_premium(classic):
    page = graph(classic, ADMIN, lambda g: g.directory.subscriptions.get())
    found = [(s.sku_part_number, (s.sku_id or "").lower(), s.total_licenses) for s in page.value]
    assert found == [("O365_BUSINESS_PREMIUM", str(O365_BUSINESS_PREMIUM), 25)]


# Microsoft Graph: refusals a client cannot express --------------------------


def test_graph_without_a_token_is_401_invalid_authentication_token(contoso):
    r = contoso.request("GET", "/v1.0/users")
    assert (r.status, json_error(r)["code"]) == (401, "InvalidAuthenticationToken")


def test_graph_with_an_arm_token_is_401_invalid_authentication_token(contoso):
    r = contoso.request("GET", "/v1.0/users", token=token(contoso, ADMIN, ARM_SCOPE))
    assert (r.status, json_error(r)["code"]) == (401, "InvalidAuthenticationToken")


# Azure Resource Manager: tenants and subscriptions --------------------------


def test_arm_tenants_are_the_directory_signed_in_to(contoso):
    tenants = list(subscriptions(contoso, ADMIN).tenants.list())
    assert [(t.tenant_id, t.id) for t in tenants] == [(contoso.tenant_id(CONTOSO), f"/tenants/{contoso.tenant_id(CONTOSO)}")]


def test_arm_tenants_of_fabrikam(contoso):
    tenants = list(subscriptions(contoso, FABRIKAM_ADMIN).tenants.list())
    assert [t.tenant_id for t in tenants] == [contoso.tenant_id(FABRIKAM)]


def test_arm_owner_sees_the_contoso_subscription(contoso):
    found = {s.subscription_id for s in subscriptions(contoso, ADMIN).subscriptions.list()}
    assert found == {contoso.subscription_id(CONTOSO_SUBSCRIPTION)}


def test_arm_reader_sees_the_contoso_subscription(contoso):
    found = {s.subscription_id for s in subscriptions(contoso, READER).subscriptions.list()}
    assert found == {contoso.subscription_id(CONTOSO_SUBSCRIPTION)}


def test_arm_user_without_a_role_sees_no_subscription(contoso):
    assert list(subscriptions(contoso, JANE).subscriptions.list()) == []


def test_arm_fabrikam_admin_sees_only_fabrikams_subscription(contoso):
    found = {s.subscription_id for s in subscriptions(contoso, FABRIKAM_ADMIN).subscriptions.list()}
    assert found == {contoso.subscription_id(FABRIKAM_SUBSCRIPTION)}


def test_arm_subscription_get(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    s = subscriptions(contoso, ADMIN).subscriptions.get(sid)
    assert (s.id, s.subscription_id, s.display_name, s.tenant_id, s.state, s.subscription_policies.quota_id) == (
        f"/subscriptions/{sid}", sid, CONTOSO_SUBSCRIPTION, contoso.tenant_id(CONTOSO), "Enabled", "PayAsYouGo_2014-09-01")


def test_arm_unknown_subscription_is_404_subscription_not_found(contoso):
    with pytest.raises(ResourceNotFoundError) as e:
        subscriptions(contoso, ADMIN).subscriptions.get(str(uuid.uuid4()))
    assert arm_error(e) == (404, "SubscriptionNotFound")


def test_arm_fabrikam_token_cannot_read_the_contoso_subscription(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    with pytest.raises((ResourceNotFoundError, ClientAuthenticationError)) as e:
        subscriptions(contoso, FABRIKAM_ADMIN).subscriptions.get(sid)
    assert arm_error(e) in {(404, "SubscriptionNotFound"), (401, "InvalidAuthenticationTokenTenant")}


# Azure Resource Manager: classic administrators (classic profile) -----------


def test_arm_classic_administrators(classic):
    sid = classic.subscription_id("Free Trial")
    admins = list(authorization(classic, ADMIN, sid).classic_administrators.list())
    found = [(a.email_address.lower(), set(a.role.split(";")), a.type) for a in admins]
    assert found == [(ADMIN, {"ServiceAdministrator", "AccountAdministrator"}, "Microsoft.Authorization/classicAdministrators")]


def test_arm_classic_service_administrator_sees_their_own_subscription(classic):
    found = {s.subscription_id for s in subscriptions(classic, JANE).subscriptions.list()}
    assert found == {classic.azure_subscription_of(JANE)}


# Azure Resource Manager: role definitions -----------------------------------


def test_arm_role_definitions_hold_the_built_in_roles(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = {(r.name, r.role_name, r.role_type) for r in authorization(contoso, ADMIN, sid).role_definitions.list(f"/subscriptions/{sid}")}
    assert {(OWNER, "Owner", "BuiltInRole"), (CONTRIBUTOR, "Contributor", "BuiltInRole"), (READER_ROLE, "Reader", "BuiltInRole"),
            (USER_ACCESS_ADMINISTRATOR, "User Access Administrator", "BuiltInRole")} <= found


def test_arm_role_definitions_filtered_by_role_name(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = authorization(contoso, ADMIN, sid).role_definitions.list(f"/subscriptions/{sid}", filter="roleName eq 'Reader'")
    assert [(r.name, r.id) for r in found] == [(READER_ROLE, role_definition_id(sid, READER_ROLE))]


def test_arm_role_definition_get_owner(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    r = authorization(contoso, ADMIN, sid).role_definitions.get(f"/subscriptions/{sid}", OWNER)
    assert (r.id, r.name, r.role_name, r.permissions[0].actions) == (role_definition_id(sid, OWNER), OWNER, "Owner", ["*"])


def test_arm_role_definitions_hold_the_custom_role(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = [r for r in authorization(contoso, ADMIN, sid).role_definitions.list(f"/subscriptions/{sid}") if r.role_name == CUSTOM_ROLE]
    assert [(r.role_type, r.assignable_scopes) for r in found] == [("CustomRole", [f"/subscriptions/{sid}"])]


# Azure Resource Manager: role assignments (reading) -------------------------


def test_arm_role_assignments_of_the_subscription_are_the_scenarios(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = authorization(contoso, ADMIN, sid).role_assignments.list_for_subscription()
    assert triples(found) == scenario_assignments(contoso)


def test_arm_role_assignment_of_a_group_has_principal_type_group(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    gid = group_id(contoso, GROUP)
    found = authorization(contoso, ADMIN, sid).role_assignments.list_for_subscription(filter=f"principalId eq '{gid}'")
    assert [a.principal_type for a in found] == ["Group"]


def test_arm_role_assignments_filtered_by_principal_id(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    reader = oid(contoso, READER)
    found = authorization(contoso, ADMIN, sid).role_assignments.list_for_subscription(filter=f"principalId eq '{reader}'")
    assert triples(found) == {(reader.lower(), READER_ROLE, f"/subscriptions/{sid}".lower())}


def test_arm_role_assignments_at_scope_leave_out_the_resource_groups(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = authorization(contoso, ADMIN, sid).role_assignments.list_for_subscription(filter="atScope()")
    assert triples(found) == {t for t in scenario_assignments(contoso) if "/resourcegroups/" not in t[2]}


def test_arm_role_assignments_for_a_resource_group_scope(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    scope = f"/subscriptions/{sid}/resourceGroups/{RESOURCE_GROUP}"
    found = authorization(contoso, ADMIN, sid).role_assignments.list_for_scope(scope)
    assert (oid(contoso, DEV).lower(), CONTRIBUTOR, scope.lower()) in triples(found)


def test_arm_role_assignments_page_at_the_page_size(paged):
    sid = paged.subscription_id(CONTOSO_SUBSCRIPTION)
    pages = [list(p) for p in authorization(paged, ADMIN, sid).role_assignments.list_for_subscription().by_page()]
    assert ([len(p) for p in pages], triples(a for p in pages for a in p)) == ([2, 2, 1], scenario_assignments(paged))


def test_arm_role_assignment_seen_by_the_reader(contoso):
    sid = contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    found = authorization(contoso, READER, sid).role_assignments.list_for_subscription()
    assert triples(found) == scenario_assignments(contoso)


# Azure Resource Manager: role assignments (writing) -------------------------


def test_a_service_principal_signs_in_by_its_app_id_and_reads_what_its_role_allows(fresh_contoso):
    deployer = next(sp for sp in graph(fresh_contoso, ADMIN, lambda g: g.service_principals.get()).value
                    if sp.display_name == SERVICE_PRINCIPAL)
    app = ClientSecretCredential(
        tenant_id=CONTOSO, client_id=deployer.app_id, client_secret=fresh_contoso.secret,
        authority=fresh_contoso.url, disable_instance_discovery=True, connection_verify=fresh_contoso.ca)
    as_app = SubscriptionClient(app, **arm_options(fresh_contoso))
    jwt = claims(app.get_token(ARM_SCOPE).token)
    assert (jwt["appid"], jwt["oid"], jwt["idtyp"], "upn" in jwt) == (deployer.app_id, deployer.id, "app", False)
    assert list(as_app.subscriptions.list()) == []
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    authorization(fresh_contoso, ADMIN, sid).role_assignments.create(
        f"/subscriptions/{sid}", str(uuid.uuid4()),
        new_assignment(sid, deployer.id, principal_type="ServicePrincipal"))
    assert [s.subscription_id for s in as_app.subscriptions.list()] == [sid]
    assert [t.tenant_id for t in as_app.tenants.list()] == [fresh_contoso.tenant_id(CONTOSO)]


def test_arm_create_role_assignment_answers_201_with_the_assignment(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    name, jane = str(uuid.uuid4()), oid(fresh_contoso, JANE)
    status, a = authorization(fresh_contoso, ADMIN, sid).role_assignments.create(
        f"/subscriptions/{sid}", name, new_assignment(sid, jane), cls=with_status)
    assert (status, a.name, a.id, a.principal_id, role_guid(a.role_definition_id), a.scope) == (
        201, name, f"/subscriptions/{sid}/providers/Microsoft.Authorization/roleAssignments/{name}", jane, READER_ROLE, f"/subscriptions/{sid}")


def test_arm_created_role_assignment_can_be_got(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, name = authorization(fresh_contoso, ADMIN, sid), str(uuid.uuid4())
    client.role_assignments.create(f"/subscriptions/{sid}", name, new_assignment(sid, oid(fresh_contoso, JANE)))
    got = client.role_assignments.get(f"/subscriptions/{sid}", name)
    assert (got.name, got.principal_id) == (name, oid(fresh_contoso, JANE))


def test_arm_created_role_assignment_is_listed(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, name, jane = authorization(fresh_contoso, ADMIN, sid), str(uuid.uuid4()), oid(fresh_contoso, JANE)
    client.role_assignments.create(f"/subscriptions/{sid}", name, new_assignment(sid, jane))
    assert [a.name for a in client.role_assignments.list_for_subscription(filter=f"principalId eq '{jane}'")] == [name]


def test_arm_created_role_assignment_is_in_the_snapshot(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    authorization(fresh_contoso, ADMIN, sid).role_assignments.create(
        f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, oid(fresh_contoso, JANE)))
    found = [(a["principal"].lower(), a["role"]) for a in fresh_contoso.snapshot()["role_assignments"]
             if a["principal"].lower() == JANE]
    assert found == [(JANE, "reader")]


def test_arm_user_given_a_role_sees_the_subscription(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    authorization(fresh_contoso, ADMIN, sid).role_assignments.create(
        f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, oid(fresh_contoso, JANE)))
    assert [s.subscription_id for s in subscriptions(fresh_contoso, JANE).subscriptions.list()] == [sid]


def test_arm_duplicate_role_assignment_is_409_role_assignment_exists(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, jane = authorization(fresh_contoso, ADMIN, sid), oid(fresh_contoso, JANE)
    client.role_assignments.create(f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, jane))
    with pytest.raises(ResourceExistsError) as e:
        client.role_assignments.create(f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, jane))
    assert arm_error(e) == (409, "RoleAssignmentExists")


def test_arm_reader_cannot_assign_roles_403_authorization_failed(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    with pytest.raises(HttpResponseError) as e:
        authorization(fresh_contoso, READER, sid).role_assignments.create(
            f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, oid(fresh_contoso, JANE)))
    assert arm_error(e) == (403, "AuthorizationFailed")


def test_arm_contributor_through_a_group_cannot_assign_roles(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    with pytest.raises(HttpResponseError) as e:
        authorization(fresh_contoso, OPS, sid).role_assignments.create(
            f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, oid(fresh_contoso, JANE)))
    assert arm_error(e) == (403, "AuthorizationFailed")


def test_arm_assignment_to_an_unknown_principal_is_400_principal_not_found(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    with pytest.raises(HttpResponseError) as e:
        authorization(fresh_contoso, ADMIN, sid).role_assignments.create(
            f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, str(uuid.uuid4())))
    assert arm_error(e) == (400, "PrincipalNotFound")


def test_arm_assignment_to_a_user_of_another_directory_is_400_principal_not_found(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    with pytest.raises(HttpResponseError) as e:
        authorization(fresh_contoso, ADMIN, sid).role_assignments.create(
            f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, oid(fresh_contoso, FINN)))
    assert arm_error(e) == (400, "PrincipalNotFound")


def test_arm_fabrikam_token_cannot_assign_roles_on_contoso(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    with pytest.raises(HttpResponseError) as e:
        authorization(fresh_contoso, FABRIKAM_ADMIN, sid).role_assignments.create(
            f"/subscriptions/{sid}", str(uuid.uuid4()), new_assignment(sid, oid(fresh_contoso, JANE)))
    assert arm_error(e) in {(404, "SubscriptionNotFound"), (401, "InvalidAuthenticationTokenTenant")}


def test_arm_create_role_assignment_at_a_resource_group(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    scope = f"/subscriptions/{sid}/resourceGroups/{RESOURCE_GROUP}"
    client, jane = authorization(fresh_contoso, ADMIN, sid), oid(fresh_contoso, JANE)
    client.role_assignments.create(scope, str(uuid.uuid4()), new_assignment(sid, jane, CONTRIBUTOR))
    assert (jane.lower(), CONTRIBUTOR, scope.lower()) in triples(client.role_assignments.list_for_scope(scope))


def test_arm_delete_role_assignment_returns_it(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, name = authorization(fresh_contoso, ADMIN, sid), str(uuid.uuid4())
    client.role_assignments.create(f"/subscriptions/{sid}", name, new_assignment(sid, oid(fresh_contoso, JANE)))
    status, deleted = client.role_assignments.delete(f"/subscriptions/{sid}", name, cls=with_status)
    assert (status, deleted.name, deleted.principal_id) == (200, name, oid(fresh_contoso, JANE))


def test_arm_delete_of_an_absent_role_assignment_is_204_none(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, name = authorization(fresh_contoso, ADMIN, sid), str(uuid.uuid4())
    client.role_assignments.create(f"/subscriptions/{sid}", name, new_assignment(sid, oid(fresh_contoso, JANE)))
    client.role_assignments.delete(f"/subscriptions/{sid}", name)
    assert client.role_assignments.delete(f"/subscriptions/{sid}", name) is None


def test_arm_get_of_a_deleted_role_assignment_is_404_role_assignment_not_found(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, name = authorization(fresh_contoso, ADMIN, sid), str(uuid.uuid4())
    client.role_assignments.create(f"/subscriptions/{sid}", name, new_assignment(sid, oid(fresh_contoso, JANE)))
    client.role_assignments.delete(f"/subscriptions/{sid}", name)
    with pytest.raises(ResourceNotFoundError) as e:
        client.role_assignments.get(f"/subscriptions/{sid}", name)
    assert arm_error(e) == (404, "RoleAssignmentNotFound")


def test_reset_restores_the_scenarios_state(fresh_contoso):
    sid = fresh_contoso.subscription_id(CONTOSO_SUBSCRIPTION)
    client, name = authorization(fresh_contoso, ADMIN, sid), str(uuid.uuid4())
    client.role_assignments.create(f"/subscriptions/{sid}", name, new_assignment(sid, oid(fresh_contoso, JANE)))
    fresh_contoso.reset()
    assert triples(client.role_assignments.list_for_subscription()) == scenario_assignments(fresh_contoso)


# Azure Resource Manager: refusals a client cannot express -------------------


def test_arm_without_a_token_is_401_authentication_failed(contoso):
    r = contoso.request("GET", f"/subscriptions?api-version={ARM_API}")
    assert (r.status, json_error(r)["code"], (r.header("WWW-Authenticate") or "").startswith("Bearer")) == (
        401, "AuthenticationFailed", True)


def test_arm_with_a_token_it_did_not_issue_is_401_invalid_authentication_token(contoso):
    forged = ".".join(base64.urlsafe_b64encode(json.dumps(x).encode()).decode().rstrip("=")
                      for x in ({"alg": "none"}, {"tid": contoso.tenant_id(CONTOSO), "oid": str(uuid.uuid4())})) + ".x"
    r = contoso.request("GET", f"/subscriptions?api-version={ARM_API}", token=forged)
    assert (r.status, json_error(r)["code"]) == (401, "InvalidAuthenticationToken")


def test_arm_with_a_graph_token_is_401_invalid_authentication_token_audience(contoso):
    r = contoso.request("GET", f"/subscriptions?api-version={ARM_API}", token=token(contoso, ADMIN, GRAPH_SCOPE))
    assert (r.status, json_error(r)["code"]) == (401, "InvalidAuthenticationTokenAudience")


def test_arm_without_api_version_is_400_missing_api_version_parameter(contoso):
    r = contoso.request("GET", "/subscriptions", token=token(contoso, ADMIN))
    assert (r.status, json_error(r)["code"]) == (400, "MissingApiVersionParameter")


# The server itself ------------------------------------------------------------


def test_server_stops_on_sigterm(serve):
    server = serve()
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=15)  # raises TimeoutExpired if it keeps serving
