//! Office 365 plans as Graph's subscribed SKUs: the model's plan names
//! with the SKU part numbers and ids of Microsoft's "Product names and
//! service plan identifiers for licensing" (entra-docs,
//! licensing-service-plan-reference). A plan the table does not know gets
//! a part number from its name and an id derived from it.

use crate::view::derived_id;
use uuid::Uuid;

/// A SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sku {
    pub id: Uuid,
    pub part_number: String,
}

/// (plan names, part number, SKU id).
const TABLE: &[(&[&str], &str, &str)] = &[
    (
        &[
            "Office 365 Business Premium",
            "Microsoft 365 Business Standard",
        ],
        "O365_BUSINESS_PREMIUM",
        "f245ecc8-75af-4f8e-b61f-27d8114de5f3",
    ),
    (
        &[
            "Office 365 Business Essentials",
            "Microsoft 365 Business Basic",
        ],
        "O365_BUSINESS_ESSENTIALS",
        "3b555118-da6a-4418-894f-7df1e2096870",
    ),
    (
        &["Office 365 Business", "Microsoft 365 Apps for business"],
        "O365_BUSINESS",
        "cdd28e44-67e3-425e-be4c-737fab2899d3",
    ),
    (
        &["Office 365 E1"],
        "STANDARDPACK",
        "18181a46-0d4e-45cd-891e-60aabd171b4e",
    ),
    (
        &["Office 365 E3", "Office 365 Enterprise E3"],
        "ENTERPRISEPACK",
        "6fd2c87f-b296-42f0-b197-1e91e994b900",
    ),
    (
        &["Office 365 E5", "Office 365 Enterprise E5"],
        "ENTERPRISEPREMIUM",
        "c7df2760-2c81-4ef7-b578-5b5392b571df",
    ),
    (
        &["Microsoft 365 Business Premium"],
        "SPB",
        "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
    ),
    (
        &["Microsoft 365 E3"],
        "SPE_E3",
        "05e9a617-0261-4cee-bb44-138d3ef5d965",
    ),
    (
        &["Microsoft 365 E5"],
        "SPE_E5",
        "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
    ),
];

/// The SKU of a plan (by name, or by part number as an import keeps it).
pub(crate) fn of(plan: &str) -> Sku {
    let known = TABLE.iter().find(|(names, part, _)| {
        names.iter().any(|n| n.eq_ignore_ascii_case(plan)) || part.eq_ignore_ascii_case(plan)
    });
    match known {
        Some((_, part, id)) => Sku {
            id: Uuid::parse_str(id).unwrap_or_default(),
            part_number: (*part).to_owned(),
        },
        None => {
            let part: String = plan
                .trim()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            Sku {
                id: derived_id(&["sku", &part]),
                part_number: part,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plans_have_microsofts_sku_ids() {
        let sku = super::of("Office 365 Business Premium");
        assert_eq!(sku.part_number, "O365_BUSINESS_PREMIUM");
        assert_eq!(sku.id.to_string(), "f245ecc8-75af-4f8e-b61f-27d8114de5f3");
        assert_eq!(super::of("ENTERPRISEPACK").part_number, "ENTERPRISEPACK");
        assert_eq!(
            super::of("Office 365 Enterprise E3"),
            super::of("Office 365 E3")
        );
        let other = super::of("Contoso Plan 2");
        assert_eq!(other.part_number, "CONTOSO_PLAN_2");
        assert_eq!(other, super::of("Contoso Plan 2"));
    }
}
