// The quickstart of README.md, as a test. Runs with `swift test` on a Mac
// after build-xcframework.sh; there is no Swift toolchain on the Linux CI.
import XCTest
@testable import Tenantry

final class TenantryTests: XCTestCase {
    func testQuickstart() throws {
        let t = Tenancy(seed: 7)
        _ = try t.signUpOffice365(organization: "Contoso", domainPrefix: "contoso", admin: "admin",
                                  plan: "Office 365 Business Premium")
        _ = try t.createMicrosoftAccount(email: "msmith@hotmail.com")
        let azure = try XCTUnwrap(try t.signUpAzure(actor: "msa:msmith@hotmail.com", offer: "MS-AZR-0003P").subscription)

        let decision = t.can().changeSubscriptionDirectory(actor: "msa:msmith@hotmail.com", subscription: azure,
                                                           directory: "contoso.onmicrosoft.com")
        XCTAssertFalse(decision.allowed)
        XCTAssertEqual(decision.code, "NOT_A_USER_OF_TARGET")

        _ = try t.useExistingDirectory(actor: "msa:msmith@hotmail.com", directory: "contoso.onmicrosoft.com",
                                       globalAdmin: "admin@contoso.onmicrosoft.com")
        let plan = try t.plan().changeSubscriptionDirectory(actor: "msa:msmith@hotmail.com", subscription: azure,
                                                            directory: "contoso.onmicrosoft.com")
        XCTAssertEqual(plan.effects.count, 1)
        _ = try t.changeSubscriptionDirectory(actor: "msa:msmith@hotmail.com", subscription: azure,
                                              directory: "contoso.onmicrosoft.com")
        XCTAssertEqual(try t.subscription(subscription: azure).directory, "contoso.onmicrosoft.com")

        XCTAssertThrowsError(try t.changeSubscriptionDirectory(actor: "msa:msmith@hotmail.com", subscription: azure,
                                                               directory: "contoso.onmicrosoft.com")) { error in
            guard case let TenantryError.Refused(code, rule, _, _) = error else {
                return XCTFail("expected Refused, got \(error)")
            }
            XCTAssertEqual(code, "SAME_DIRECTORY")
            XCTAssertEqual(rule, "R6")
        }
    }
}
