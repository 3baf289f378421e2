"""tenantry.emulator in-process, with Microsoft's own azure-mgmt-authorization
and azure-mgmt-resource-subscriptions talking to it unmodified."""

import uuid

import pytest

import tenantry
from tenantry.emulator import serve

azure_mgmt_authorization = pytest.importorskip("azure.mgmt.authorization")
from azure.core.exceptions import HttpResponseError, ResourceExistsError  # noqa: E402
from azure.mgmt.authorization import AuthorizationManagementClient  # noqa: E402
from azure.mgmt.authorization.models import RoleAssignmentCreateParameters  # noqa: E402
from azure.mgmt.resource.subscriptions import SubscriptionClient  # noqa: E402

READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
ADMIN = "admin@contoso.onmicrosoft.com"


def contoso() -> tuple[tenantry.Tenancy, str]:
    t = tenantry.Tenancy(seed=3, profile="current")
    t.sign_up_office365(organization="Contoso", domain_prefix="contoso", admin="admin",
                        plan="Office 365 Business Premium")
    for user in ("jane", "rita"):
        t.add_user(actor=ADMIN, directory="contoso.onmicrosoft.com", user=user)
    sub = t.sign_up_azure(actor=ADMIN, offer="MS-AZR-0003P", name="Contoso Production").subscription
    assert sub is not None
    t.assign_role(actor=ADMIN, subscription=sub, principal="rita@contoso.onmicrosoft.com", role="reader")
    return t, sub


@pytest.fixture
def emulator():
    """The moto-style fixture: a tenancy served for the test, stopped after."""
    tenancy, sub = contoso()
    with serve(tenancy) as emu:
        emu.subscription = sub
        yield emu


def authorization(emu, account):
    return AuthorizationManagementClient(emu.credential(account), emu.subscription,
                                         retry_total=0, **emu.arm_options())


def test_a_role_assignment_made_with_azure_mgmt_authorization_lands_in_the_model(emulator):
    subs = SubscriptionClient(emulator.credential(ADMIN), retry_total=0, **emulator.arm_options())
    assert [s.display_name for s in subs.subscriptions.list()] == ["Contoso Production"]

    client = authorization(emulator, ADMIN)
    assignments = list(client.role_assignments.list_for_subscription())
    rita = next(a.principal_id for a in assignments if a.role_definition_id.endswith(READER))
    scope = f"/subscriptions/{emulator.subscription}/resourceGroups/web"
    params = RoleAssignmentCreateParameters(
        role_definition_id=f"/subscriptions/{emulator.subscription}/providers/Microsoft.Authorization/roleDefinitions/{READER}",
        principal_id=rita)
    made = client.role_assignments.create(scope, str(uuid.uuid4()), params)
    assert made.scope == scope

    with pytest.raises(ResourceExistsError) as exists:
        client.role_assignments.create(scope, str(uuid.uuid4()), params)
    assert exists.value.error.code == "RoleAssignmentExists"

    with pytest.raises(HttpResponseError) as denied:
        authorization(emulator, "rita@contoso.onmicrosoft.com").role_assignments.create(
            scope, str(uuid.uuid4()), params)
    assert denied.value.status_code == 403
    assert denied.value.error.code == "AuthorizationFailed"

    emulator.stop()
    final = emulator.tenancy
    assert {"principal": "rita@contoso.onmicrosoft.com", "role": "reader", "scope": scope} in [
        {k: a[k] for k in ("principal", "role", "scope")}
        for a in final.role_assignments(subscription=emulator.subscription)]


def test_the_state_resets_and_the_emulator_stops(emulator):
    client = authorization(emulator, ADMIN)
    before = len(list(client.role_assignments.list_for_subscription()))
    rita = next(a.principal_id for a in client.role_assignments.list_for_subscription()
                if a.role_definition_id.endswith(READER))
    client.role_assignments.delete(f"/subscriptions/{emulator.subscription}",
                                   next(a.name for a in client.role_assignments.list_for_subscription()
                                        if a.principal_id == rita))
    assert len(list(client.role_assignments.list_for_subscription())) == before - 1
    emulator.reset()
    assert len(list(client.role_assignments.list_for_subscription())) == before
    emulator.stop()
    assert not emulator.running
    emulator.stop()  # a second stop does nothing


def test_a_credential_for_an_application_id_must_name_its_tenant(emulator):
    with pytest.raises(ValueError, match="pass tenant="):
        emulator.credential("5e5e5e5e-1111-4222-8333-444444444444")
    from azure.core.exceptions import ClientAuthenticationError

    cred = emulator.credential("5e5e5e5e-1111-4222-8333-444444444444", tenant="contoso.onmicrosoft.com")
    with pytest.raises(ClientAuthenticationError, match="AADSTS700016"):
        cred.get_token("https://management.azure.com/.default")
